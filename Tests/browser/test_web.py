"""The web interface in headless Chromium, against the contract in spec/web.md and issue 15.

The documents come from scripts/browser-test.sh: in 财源街道's queue one whose household is named
<script>alert(1)</script> (XSS), one to approve (APPROVE) and one to return (RETURN); in 岱庙街道's one that
财源街道 must not open (OTHER)."""

import json
import re
import unittest
import urllib.parse

from selenium.webdriver.common.by import By

import support
from support import FIXTURES, PASSWORD, BrowserTestCase, http

XSS = FIXTURES["xss_document"]
APPROVE = FIXTURES["approve_document"]
RETURN = FIXTURES["return_document"]
OTHER = FIXTURES["other_street_document"]
SCRIPT_NAME = "<script>alert(1)</script>"
HTML_ADDRESS = "财源街道演示一村 <b>9</b> 号"

NAV = {"概览": "/", "待办": "/queue", "单据": "/documents", "报表": "/reports"}
# Status and action codes of the API, which the pages show as Chinese words.
CODES = re.compile(r"\b(draft|in_review|returned|rejected|filed|approve|submit|publicize)\b")
CJK = re.compile(r"[\u4e00-\u9fff]")
# Unit codes of the demo data (streets, their demo villages, bureaus, companies).
UNIT_CODES = re.compile(
    r"(?<![\w-])(?:caiyuan|daimiao|taiqian|shanggao|xujialou|shengzhuang|qiujiadian)(?:-demo\d)?(?![\w-])"
    r"|(?<![\w-])(?:office|fgj|czj|jyj|scjgj|sthj|zfj|gaj|rmt|demo-coal-[ab]|demo-stove)(?![\w-])"
)


def tearDownModule():
    support.stop_driver()


class Login(BrowserTestCase):
    def assert_logged_out(self):
        """The page offers nothing of a session: no 退出, no way to the queue (a brand and a language
        switch may be there)."""
        self.assertFalse(self.has("form[action='/logout']"), f"{self.path()} offers 退出 without a session")
        self.assertFalse(self.has("a[href='/queue']"), f"{self.path()} links the queue without a session")

    def test_login_form_without_a_session(self):
        self.log_out_everyone()
        self.visit("/", shot="login")
        form = self.find_one("form[method='post'][action='/login']")
        self.find_one("input[name='login']", within=form)
        password = self.find_one("input[name='password']", within=form)
        self.assertEqual(password.get_attribute("type"), "password")
        buttons = form.find_elements(By.CSS_SELECTOR, "button[type='submit']")
        self.assertEqual([b.text for b in buttons], ["登录"])
        self.assert_logged_out()

    def test_wrong_password_shows_an_error_and_stays_on_the_login_page(self):
        self.login("czj", "not-the-password")
        self.shot("login-wrong-password")
        error = self.find_one("p.error[role='alert']")
        self.assertTrue(error.is_displayed())
        self.assertTrue(error.text.strip(), "the error says nothing")
        self.find_one("form[action='/login'] input[name='password']")
        self.assert_logged_out()
        self.assertNotIn(support.SESSION_COOKIE, self.cookies())
        # The same through HTTP: 401.
        page = http("GET", "/")
        form = next(f for f in support.forms_of(page.text) if f["action"] == "/login")
        fields = dict(form["fields"], login="czj", password="not-the-password")
        answer = http("POST", "/login", cookies=page.cookies(), form=fields)
        self.assertEqual(answer.status, 401, f"a wrong password answered {answer.status}")
        self.assertIn('role="alert"', answer.text)

    def test_wrong_passwords_on_the_page_and_in_the_api_share_one_lock(self):
        """Five failures in a row lock a login, counted alike on the page and in the API."""
        who = "sthj"  # used by no other test

        def page_login(password):
            page = http("GET", "/")
            form = next(f for f in support.forms_of(page.text) if f["action"] == "/login")
            return http("POST", "/login", cookies=page.cookies(), form=dict(form["fields"], login=who, password=password))

        def api_login(password):
            body = json.dumps({"login": who, "password": password}).encode()
            return http("POST", "/api/v1/login", headers={"Content-Type": "application/json"}, body=body)

        for _ in range(3):
            answer = page_login("not-the-password")
            self.assertEqual(answer.status, 401, answer.text[:300])
        for _ in range(2):  # the API answers a wrong password with 422, login_failed
            answer = api_login("not-the-password")
            self.assertIn(answer.status, (401, 422), answer.text[:300])
        answer = api_login(PASSWORD)
        self.assertNotEqual(answer.status, 200, "the API lets in a login that the page's failures locked")
        self.login(who, refused=True)  # the right password, in the browser
        self.shot("login-locked")
        self.find_one("p.error[role='alert']")
        self.assert_logged_out()

    def test_session_cookie_is_http_only_and_same_site_strict(self):
        self.login("office")
        cookie = self.d.get_cookie(support.SESSION_COOKIE)
        self.assertIsNotNone(cookie, f"no {support.SESSION_COOKIE} cookie after logging in: {self.cookies().keys()}")
        self.assertTrue(cookie.get("httpOnly"), "the session cookie is not HttpOnly")
        self.assertEqual(cookie.get("sameSite"), "Strict")
        self.assertNotIn(support.SESSION_COOKIE, self.d.execute_script("return document.cookie"))

    def test_logout_ends_the_session(self):
        self.login("office", fresh=True)
        old = self.cookies()
        form = self.find_one("nav form[method='post'][action='/logout'], form[method='post'][action='/logout']")
        button = self.find_one("button", within=form)
        self.assertEqual(button.text, "退出")
        self.click_and_wait(button)
        self.visit("/queue", shot="after-logout")
        self.find_one("form[action='/login'] input[name='login']")
        self.assert_logged_out()
        self.assertFalse(self.has("table#queue"), "/queue still shows the queue after 退出")
        # The old cookie no longer opens anything: the server revoked the session.
        answer = http("GET", "/queue", cookies=old)
        self.assertNotIn('id="queue"', answer.text, f"the old session cookie still opens /queue ({answer.status})")


class Overview(BrowserTestCase):
    def assert_navigation(self, reports):
        nav = self.find_one("nav")
        links = {a.text.strip(): urllib.parse.urlsplit(a.get_attribute("href")).path for a in nav.find_elements(By.TAG_NAME, "a")}
        for text, path in NAV.items():
            if text == "报表" and not reports:
                continue
            self.assertEqual(links.get(text), path, f"<nav> has no link {text} → {path}: {links}")
        logout = self.find_one("form[method='post'][action='/logout']")
        self.assertEqual(self.find_one("button", within=logout).text, "退出")
        return links

    def assert_reports_link_matches_access(self, links):
        """报表 is in the navigation exactly for those who may open /reports."""
        answer = http("GET", "/reports", cookies=self.cookies())
        if "报表" in links:
            self.assertEqual(answer.status, 200, f"<nav> offers 报表 but /reports answers {answer.status}")
        else:
            self.assertIn(answer.status, (403, 404), f"<nav> hides 报表 but /reports answers {answer.status}")

    def test_office_overview(self):
        self.login("office")
        self.visit("/", shot="overview-office")
        self.assertIn("领导小组办公室", self.h1())
        self.find_one("svg.chart")
        self.find_one("table#progress")
        self.find_one("table#waiting")
        self.find_one("#latest")
        self.assert_navigation(reports=True)
        # Names, not codes: the streets by their Chinese names.
        self.assertIn("财源街道", self.find_one("table#progress").text)

    def test_fgj_overview(self):
        self.login("fgj")
        self.visit("/", shot="overview-fgj")
        self.assertIn("发改局", self.h1())
        self.find_one("svg.chart")
        self.find_one("table#progress")
        self.find_one("table#waiting")
        self.find_one("#latest")
        self.assert_reports_link_matches_access(self.assert_navigation(reports=True))

    def test_street_overview(self):
        self.login("caiyuan")
        self.visit("/", shot="overview-street")
        self.assertIn("财源", self.h1())
        self.assert_reports_link_matches_access(self.assert_navigation(reports=False))

    def test_village_overview(self):
        self.login("caiyuan-demo1")
        self.visit("/", shot="overview-village")
        self.assertIn("演示", self.h1())
        self.assert_reports_link_matches_access(self.assert_navigation(reports=False))

    def test_every_navigation_link_opens_its_page(self):
        self.login("office")
        for text, path in NAV.items():
            self.visit("/")
            link = self.find_one(f"nav a[href='{path}']")
            self.assertEqual(link.text.strip(), text)
            self.click_and_wait(link)
            self.assertEqual(self.path(), path)
            self.assertNotIn("未找到", self.h1(), f"{text} leads to a 404 page")


class Queue(BrowserTestCase):
    def row(self, document):
        return self.find_one(f"table#queue tr#row-{document}")

    def action_form(self, document, action):
        return self.find_one(f"form[action='/documents/{document}/{action}']", within=self.row(document))

    def flash(self, kind):
        return self.find_one(f"p.flash.{kind}").text

    def test_street_queue_offers_approve_return_and_reject(self):
        self.login("caiyuan")
        self.visit("/queue")
        batch = self.find_one("form[method='post'][action='/queue/approve-passing']")
        self.assertEqual(self.find_one("button", within=batch).text, "批量同意")
        self.find_one("input[type='hidden'][name='csrf']", within=batch)
        rows = [r.get_attribute("id") for r in self.d.find_elements(By.CSS_SELECTOR, "table#queue tr[id^='row-']")]
        self.assertIn(f"row-{XSS}", rows)
        self.assertNotIn(f"row-{OTHER}", rows, f"财源街道's queue shows 岱庙街道's {OTHER}")
        # Each of the registrations still waiting (another test may have approved or returned the others).
        for document in (d for d in (XSS, APPROVE, RETURN) if f"row-{d}" in rows):
            self.find_one(f"a[href='/documents/{document}']", within=self.row(document))
            for action, button in (("approve", "同意"), ("return", "退回"), ("reject", "驳回")):
                form = self.action_form(document, action)
                self.assertEqual(form.get_attribute("method").lower(), "post")
                self.assertEqual(self.find_one("button", within=form).text, button)
                self.find_one("input[type='hidden'][name='csrf']", within=form)
                self.find_one("input[type='hidden'][name='revision']", within=form)
                if action != "approve":
                    self.find_one("[name='reason']", within=form)

    def test_approve_from_the_queue_then_fgj_approves_all_that_pass(self):
        self.login("caiyuan")
        self.visit("/queue", shot="queue-street")
        self.click_and_wait(self.find_one("button", within=self.action_form(APPROVE, "approve")))
        self.assertEqual(self.path(), "/queue")
        self.shot("queue-street-approved")
        self.assertTrue(self.flash("ok"))
        self.assertFalse(self.has(f"tr#row-{APPROVE}"), f"{APPROVE} is still in the street's queue after 同意")
        self.login("fgj")
        self.visit("/queue", shot="queue-fgj")
        self.row(APPROVE)
        # 批量同意: every document in 发改局's queue whose checks all pass, this one among them.
        batch = self.find_one("form[method='post'][action='/queue/approve-passing']")
        self.click_and_wait(self.find_one("button", within=batch))
        self.assertEqual(self.path(), "/queue")
        self.shot("queue-fgj-approved-all")
        self.assertTrue(self.flash("ok"))
        self.assertFalse(self.has(f"tr#row-{APPROVE}"), f"{APPROVE} is still in 发改局's queue after 批量同意")
        self.login("czj")
        self.visit("/queue", shot="queue-czj")
        self.row(APPROVE)

    def submit_without_reason(self, document, action):
        """Posts `action` on `document` from the queue with its reason left empty."""
        form = self.action_form(document, action)
        reason = self.find_one("[name='reason']", within=form)
        # A browser may refuse an empty reason by itself (required); the server must refuse it too.
        self.d.execute_script(
            "arguments[0].removeAttribute('required'); arguments[0].removeAttribute('minlength');"
            " arguments[0].removeAttribute('pattern'); arguments[0].form.noValidate = true;",
            reason,
        )
        self.click_and_wait(self.find_one("button", within=form))

    def test_return_needs_a_reason(self):
        self.login("caiyuan")
        self.visit("/queue")
        self.submit_without_reason(RETURN, "return")
        self.assertEqual(self.path(), "/queue")
        self.shot("queue-street-return-without-reason")
        self.assertTrue(self.flash("error"), "an empty reason shows no error")
        self.assertFalse(self.has("p.flash.ok"), "an empty reason was taken")
        self.row(RETURN)
        form = self.action_form(RETURN, "return")
        self.find_one("[name='reason']", within=form).send_keys("浏览器测试：请补充户主联系电话")
        self.click_and_wait(self.find_one("button", within=form))
        self.assertEqual(self.path(), "/queue")
        self.shot("queue-street-returned")
        self.assertTrue(self.flash("ok"))
        self.assertFalse(self.has(f"tr#row-{RETURN}"), f"{RETURN} is still in the street's queue after 退回")
        # The village sees why.
        self.login("caiyuan-demo2")
        self.visit(f"/documents/{RETURN}", shot="document-returned-village")
        self.assertIn("浏览器测试：请补充户主联系电话", self.find_one("#history").text)

    def test_reject_needs_a_reason(self):
        self.login("caiyuan")
        self.visit("/queue")
        self.submit_without_reason(XSS, "reject")
        self.assertTrue(self.flash("error"), "an empty reason to 驳回 shows no error")
        self.row(XSS)

    def test_village_queue_offers_no_review(self):
        self.login("caiyuan-demo1")
        self.visit("/queue", shot="queue-village")
        self.assertFalse(self.has(f"tr#row-{XSS}"), "the village's queue shows a form that waits at the street")
        self.assertFalse(self.has("form[action$='/approve']"), "the village is offered 同意")
        self.assertFalse(self.has("form[action='/queue/approve-passing']"), "the village is offered 批量同意")


class Documents(BrowserTestCase):
    def document_links(self, query=""):
        answer = http("GET", "/documents" + query, cookies=self.cookies())
        self.assertEqual(answer.status, 200, f"/documents{query} answered {answer.status}")
        return set(re.findall(r'href="(/documents/[^"?]+)"', answer.text))

    def test_documents_list(self):
        self.login("caiyuan")
        self.visit("/documents", shot="documents")
        table = self.find_one("table#documents")
        links = {urllib.parse.urlsplit(a.get_attribute("href")).path for a in table.find_elements(By.CSS_SELECTOR, "a[href]")}
        for document in (XSS, APPROVE, RETURN):
            self.assertIn(f"/documents/{document}", links)
        self.assertNotIn(f"/documents/{OTHER}", links, f"财源街道's list links 岱庙街道's {OTHER}")
        # The filters: the <script> household's registration waits at the street, in 2021.
        for query in ("?type=registration", "?status=in_review", "?street=caiyuan", "?year=2021"):
            self.assertIn(f"/documents/{XSS}", self.document_links(query), f"/documents{query} leaves out {XSS}")
        for query in ("?type=summary", "?status=filed", "?year=2020"):
            self.assertNotIn(f"/documents/{XSS}", self.document_links(query), f"/documents{query} lists {XSS}")
        self.assertNotIn(f"/documents/{OTHER}", self.document_links("?street=daimiao"), "a street filter shows another street's")
        self.document_links("?page=2")

    def test_document_page(self):
        self.login("caiyuan")
        self.visit("/documents")
        self.click_and_wait(self.find_one(f"table#documents a[href='/documents/{APPROVE}']"))
        self.assertEqual(self.path(), f"/documents/{APPROVE}")
        self.shot("document")
        self.assertIn(APPROVE, self.h1())
        for section in ("lines", "checks", "route", "history"):
            self.find_one(f"#{section}")
        self.assertIn("浏览器测试乙", self.find_one("#lines").text)

    def test_statuses_and_actions_in_chinese(self):
        self.login("caiyuan")
        for path in ("/queue", "/documents", f"/documents/{XSS}"):
            self.visit(path)
            found = sorted(set(CODES.findall(self.body_text())))
            self.assertFalse(found, f"{path} shows codes, not Chinese words: {found}")

    def test_units_and_streets_by_name(self):
        """Units, streets and companies show their Chinese names (the login of a person may show)."""
        self.login("caiyuan")
        problems = []
        for path, css in (("/queue", "table#queue"), ("/documents", "table#documents"), (f"/documents/{XSS}", "main")):
            self.visit(path)
            # What the page says, less the history's login column and the navigation's login.
            text = self.d.execute_script(
                "const e = document.querySelector(arguments[0]).cloneNode(true);"
                "e.querySelectorAll('#history, nav').forEach(x => x.remove()); document.body.appendChild(e);"
                "const t = e.innerText; e.remove(); return t;",
                css,
            )
            codes = sorted(set(UNIT_CODES.findall(text)))
            if codes:
                problems.append(f"{path} ({css}) shows unit codes {codes}")
        self.assertFalse(problems, "; ".join(problems))

    def test_checks_in_chinese(self):
        self.login("caiyuan")
        self.visit(f"/documents/{XSS}")
        text = self.find_one("#checks").text
        codes = sorted(set(re.findall(r"\b[a-z]+(?:_[a-z]+)+\b", text)))
        english = sorted(set(re.findall(r"\b[a-z]{4,}\b", text)) - {c for code in codes for c in code.split("_")})
        self.assertFalse(codes or english, f"#checks shows check codes {codes} and English words {english} in Chinese mode")

    def test_personal_data_masked_as_in_the_api(self):
        """ID numbers and phones on the page are those the API gives the same login: in full for the
        street and the village, masked for the office and the bureaus."""
        full = None
        for login in ("caiyuan", "caiyuan-demo1", "office", "fgj"):
            lines = support.api(login, f"/documents/{XSS}")["lines"]
            shown = [(line["id_number"], line["phone"]) for line in lines]
            if login == "caiyuan":
                full = shown
            self.login(login)
            self.visit(f"/documents/{XSS}", shot=f"document-xss-{login}")
            text = self.find_one("#lines").text
            for id_number, phone in shown:
                self.assertIn(id_number, text, f"{login}: the API's ID number {id_number} is not on the page")
                self.assertIn(phone, text, f"{login}: the API's phone {phone} is not on the page")
            if login in ("office", "fgj"):
                for id_number, phone in full:
                    self.assertNotIn(id_number, text, f"{login} sees the full ID number {id_number}")
                    self.assertNotIn(phone, text, f"{login} sees the full phone {phone}")

    def test_reports(self):
        """The monthly dispatch and the year-end assessment download as XLSX, by a link or a GET form."""
        self.login("office")
        self.visit("/reports", shot="reports")
        targets = [
            a.get_attribute("href")
            for a in self.d.find_elements(By.CSS_SELECTOR, "main a[href]")
        ] + self.d.execute_script(
            "return Array.from(document.querySelectorAll('main form'))"
            ".filter(f => f.method.toLowerCase() === 'get')"
            ".map(f => f.action + '?' + new URLSearchParams(new FormData(f)).toString())"
        )
        downloads = []
        for target in targets:
            target = urllib.parse.urlsplit(target)
            answer = http("GET", target.path + ("?" + target.query if target.query else ""), cookies=self.cookies())
            if answer.status == 200 and answer.body[:2] == b"PK":
                downloads.append((target.path, answer.headers.get("Content-Type")))
        self.assertGreaterEqual(len(downloads), 2, f"/reports should offer the monthly dispatch and the year-end XLSX: {targets}")
        for path, content_type in downloads:
            self.assertIn("spreadsheetml", content_type or "", f"{path} is sent as {content_type}")


class Security(BrowserTestCase):
    def test_household_named_script_renders_as_text(self):
        self.login("caiyuan")
        self.visit(f"/documents/{XSS}")
        self.assert_no_alert()
        self.shot("document-xss")
        lines = self.find_one("#lines")
        self.assertIn(SCRIPT_NAME, lines.text)
        self.assertIn(HTML_ADDRESS, lines.text)
        self.assertFalse(self.d.find_elements(By.XPATH, "//script[contains(., 'alert(1)')]"), "the name became a <script>")
        self.assertFalse(lines.find_elements(By.TAG_NAME, "b"), "the address's <b> became markup")
        # The village that registered it, too.
        self.login("caiyuan-demo1")
        self.visit(f"/documents/{XSS}")
        self.assert_no_alert()
        self.assertIn(SCRIPT_NAME, self.find_one("#lines").text)

    def test_post_without_csrf_token_is_refused(self):
        self.login("caiyuan")
        self.visit("/queue")
        form = self.find_one(f"tr#row-{XSS} form[action='/documents/{XSS}/approve']")
        fields = {
            e.get_attribute("name"): e.get_attribute("value") or ""
            for e in form.find_elements(By.CSS_SELECTOR, "input[name]")
        }
        self.assertIn("csrf", fields)
        without = {k: v for k, v in fields.items() if k != "csrf"}
        answer = http("POST", f"/documents/{XSS}/approve", cookies=self.cookies(), form=without)
        self.assertEqual(answer.status, 403, f"approve without its CSRF token answered {answer.status}")
        wrong = dict(fields, csrf="0" * max(len(fields["csrf"]), 32))
        answer = http("POST", f"/documents/{XSS}/approve", cookies=self.cookies(), form=wrong)
        self.assertEqual(answer.status, 403, f"approve with a wrong CSRF token answered {answer.status}")
        # In the browser: the hidden field taken out of the form, then 同意.
        self.d.execute_script("arguments[0].querySelector(\"input[name='csrf']\").remove()", form)
        self.click_and_wait(self.find_one("button", within=form))
        self.shot("csrf-refused")
        self.assertFalse(self.has("p.flash.ok"), "同意 without the CSRF token was taken")
        # Logging out is a change too.
        answer = http("POST", "/logout", cookies=self.cookies(), form={})
        self.assertEqual(answer.status, 403, f"退出 without its CSRF token answered {answer.status}")
        self.visit("/queue")
        self.find_one(f"tr#row-{XSS}")

    def test_content_security_policy_has_no_remote_sources(self):
        self.login("office")
        cookies = self.cookies()
        pages = [("/", None), ("/", cookies), ("/queue", cookies), ("/documents", cookies), (f"/documents/{XSS}", cookies), ("/reports", cookies)]
        for path, jar in pages:
            answer = http("GET", path, cookies=jar)
            who = "without a session" if jar is None else "as office"
            policy = answer.headers.get("Content-Security-Policy")
            self.assertTrue(policy, f"GET {path} {who} ({answer.status}) sends no Content-Security-Policy")
            directives = {}
            for part in policy.split(";"):
                words = part.split()
                if words:
                    directives[words[0].lower()] = words[1:]
            self.assertIn("default-src", directives, f"{path}: {policy!r} has no default-src")
            for directive, sources in directives.items():
                if not (directive.endswith("-src") or directive in ("form-action", "base-uri")):
                    continue
                for source in sources:
                    self.assertTrue(
                        source.startswith("'") or source in ("data:", "blob:"),
                        f"{path}: {directive} allows {source!r}, a remote source: {policy!r}",
                    )
            script = directives.get("script-src", directives["default-src"])
            self.assertNotIn("'unsafe-inline'", script, f"{path}: scripts may be inline: {policy!r}")

    def test_pages_load_nothing_from_another_host(self):
        self.login("office")
        self.d.get_log("browser")  # empties it
        problems = []
        for path in ("/", "/queue", "/documents", f"/documents/{XSS}", "/reports"):
            self.visit(path)
            origins = self.d.execute_script(
                "return performance.getEntriesByType('resource').map(e => e.name)"
                ".concat(Array.from(document.querySelectorAll('[src],link[href]'), e => e.src || e.href))"
            )
            problems += [f"{path} loads {o}" for o in origins if not o.startswith(support.BASE + "/")]
            problems += [f"{path}: {e['message']}" for e in self.d.get_log("browser") if e["level"] == "SEVERE"]
        self.assertFalse(problems, "\n".join(problems))

    def test_street_cannot_open_another_streets_document(self):
        self.login("caiyuan")
        self.assert_not_found_page(f"/documents/{OTHER}")
        self.shot("not-found")
        self.assertNotIn("浏览器测试丁", self.body_text())
        self.assert_not_found_page("/documents/D999999")
        # …nor act on it: refused like a document that does not exist, and it still waits at 岱庙街道.
        self.assertEqual(self.refusal(OTHER), self.refusal("D999999").replace("D999999", OTHER))
        self.login("daimiao")
        self.visit("/queue")
        self.find_one(f"tr#row-{OTHER}")

    def test_error_pages_keep_the_navigation(self):
        """A 404 or 403 page after login still has the navigation and 退出."""
        self.login("caiyuan")
        self.visit(f"/documents/{OTHER}")
        self.assertTrue(
            self.has("nav form[action='/logout']") and self.has("nav a[href='/queue']"),
            f"the 404 page drops the logged-in navigation: {self.find_one('nav').text!r}",
        )

    def refusal(self, document):
        """What 同意 on `document` answers: a 403/404 status, or the error flashed on /queue after a 303."""
        self.visit("/queue")
        csrf = self.find_one("input[name='csrf']").get_attribute("value")
        answer = http("POST", f"/documents/{document}/approve", cookies=self.cookies(), form={"csrf": csrf, "revision": "1"})
        if answer.status in (403, 404):
            return answer.status
        self.assertEqual(answer.status, 303, f"同意 on {document} as 财源街道 answered {answer.status}")
        self.assertEqual(answer.headers.get("Location"), "/queue")
        page = http("GET", "/queue", cookies=dict(self.cookies(), **answer.cookies()))
        flash = re.findall(r'<p class="flash error"[^>]*>(.*?)</p>', page.text, re.S)
        self.assertTrue(flash, f"同意 on {document} as 财源街道 was not refused: {page.text[:300]!r}")
        self.assertNotIn('class="flash ok"', page.text)
        return flash[0]


class Language(BrowserTestCase):
    def test_english_on_request_and_remembered(self):
        self.login("office")
        self.visit("/?lang=en", shot="overview-office-en")
        nav = self.nav_words()
        self.assertFalse(CJK.search(nav), f"?lang=en: the navigation is still Chinese: {nav!r}")
        lang = self.find_one("html").get_attribute("lang")
        self.assertTrue(lang.startswith("en"), f"?lang=en: <html lang={lang!r}>")
        self.visit("/queue", shot="queue-office-en")
        nav = self.nav_words()
        self.assertFalse(CJK.search(nav), f"English is not remembered on /queue: {nav!r}")

    def nav_words(self):
        """The navigation's links and buttons, less the switch back to Chinese (中文)."""
        return " ".join(
            e.text for e in self.find_one("nav").find_elements(By.CSS_SELECTOR, "a, button") if "lang=" not in (e.get_attribute("href") or "")
        )


if __name__ == "__main__":
    unittest.main()
