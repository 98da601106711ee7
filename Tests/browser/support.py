"""What the browser tests share: the fixtures scripts/browser-test.sh prepared, one headless Chromium,
logging in, screenshots, and plain HTTP requests that carry the browser's session cookie (for status codes
and headers, which a browser does not show to a test).

Run through scripts/browser-test.sh, which starts the server and writes the fixtures."""

import base64
import html.parser
import json
import os
import re
import unittest
import urllib.error
import urllib.parse
import urllib.request

from selenium import webdriver
from selenium.common.exceptions import NoAlertPresentException, NoSuchElementException, WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

with open(os.environ["BROWSER_FIXTURES"], encoding="utf-8") as f:
    FIXTURES = json.load(f)
BASE = FIXTURES["base"]
PASSWORD = FIXTURES["password"]
SHOTS = os.environ.get("BROWSER_SHOTS", os.path.join(os.getcwd(), ".build", "browser-screenshots"))
SESSION_COOKIE = "coalflow_session"
WAIT = 10  # seconds for a page to follow a click

_driver = None
_sessions = {}  # login → its session cookie, for logging in again quickly


def driver():
    """The one browser of the run, started on first use (see stop_driver)."""
    global _driver
    if _driver is None:
        options = webdriver.ChromeOptions()
        options.binary_location = os.environ.get("CHROMIUM", "/usr/bin/chromium")
        for arg in (
            "--headless=new",
            "--no-sandbox",  # as root, as on CI
            "--disable-dev-shm-usage",
            "--disable-gpu",
            "--window-size=1280,900",
            "--hide-scrollbars",
            "--lang=zh-CN",
            "--accept-lang=zh-CN,zh",
            "--no-first-run",
            "--no-default-browser-check",
            "--disable-extensions",
            "--disable-sync",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-default-apps",
        ):
            options.add_argument(arg)
        options.add_experimental_option("prefs", {"intl.accept_languages": "zh-CN,zh"})
        options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
        service = Service(executable_path=os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver"))
        _driver = webdriver.Chrome(options=options, service=service)
        _driver.set_page_load_timeout(30)
    return _driver


def stop_driver():
    global _driver
    if _driver is not None:
        _driver.quit()
        _driver = None
_sessions = {}  # login → its session cookie, for logging in again quickly


def url(path):
    return BASE + path


class FormParser(html.parser.HTMLParser):
    """The forms of a page, each as {"action", "method", "fields": {name: value}} (inputs only)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms = []
        self._form = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._form = {"action": attrs.get("action", ""), "method": (attrs.get("method") or "get").lower(), "fields": {}}
            self.forms.append(self._form)
        elif tag == "input" and self._form is not None and attrs.get("name"):
            self._form["fields"][attrs["name"]] = attrs.get("value") or ""

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None


def forms_of(body):
    parser = FormParser()
    parser.feed(body)
    return parser.forms


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


_opener = urllib.request.build_opener(_NoRedirects)


class Response:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.body = body

    @property
    def text(self):
        return self.body.decode("utf-8", "replace")

    def cookies(self):
        """name → value of the cookies this answer sets."""
        jar = {}
        for header in self.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            jar[name.strip()] = rest.split(";", 1)[0]
        return jar


def http(method, path, cookies=None, form=None, headers=None, body=None):
    """One request without following redirects; any status comes back as a Response."""
    data = urllib.parse.urlencode(form).encode() if form is not None else body
    request = urllib.request.Request(url(path), data=data, method=method)
    if form is not None:
        request.add_header("Content-Type", "application/x-www-form-urlencoded")
    if cookies:
        request.add_header("Cookie", "; ".join(f"{k}={v}" for k, v in cookies.items()))
    for k, v in (headers or {}).items():
        request.add_header(k, v)
    try:
        with _opener.open(request, timeout=30) as answer:
            return Response(answer.status, answer.headers, answer.read())
    except urllib.error.HTTPError as error:
        return Response(error.code, error.headers, error.read())


def api(login, path):
    """GET an API path as `login` (a bearer token of its own), for what the pages must agree with."""
    request = urllib.request.Request(
        url("/api/v1/login"),
        data=json.dumps({"login": login, "password": PASSWORD}).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=30) as answer:
        token = json.load(answer)["token"]
    request = urllib.request.Request(url("/api/v1" + path), headers={"Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(request, timeout=30) as answer:
        return json.load(answer)


class BrowserTestCase(unittest.TestCase):
    """A test in the shared browser, with helpers to log in, find things and take screenshots."""

    maxDiff = None

    @property
    def d(self):
        return driver()

    # Navigation

    def visit(self, path, shot=None):
        self.d.get(url(path))
        if shot:
            self.shot(shot)

    def path(self):
        parsed = urllib.parse.urlsplit(self.d.current_url)
        return parsed.path

    def click_and_wait(self, element):
        """Clicks (a submit button, a link) and waits for the next page to replace this one."""
        old = self.d.find_element(By.TAG_NAME, "html")
        element.click()
        self.wait_replaced(old)

    def submit_and_wait(self, form):
        old = self.d.find_element(By.TAG_NAME, "html")
        self.d.execute_script("HTMLFormElement.prototype.submit.call(arguments[0])", form)
        self.wait_replaced(old)

    def wait_replaced(self, old):
        """Waits until the page that held `old` is gone. While the browser is between two pages it may
        answer a question about `old` with another error than "stale" (no context yet): ask again."""
        WebDriverWait(self.d, WAIT, poll_frequency=0.05, ignored_exceptions=(WebDriverException,)).until(
            expected_conditions.staleness_of(old)
        )

    def log_out_everyone(self):
        """A fresh start: no session, no language cookie (for this host)."""
        self.d.get(url("/healthz"))
        self.d.delete_all_cookies()

    def login(self, login, password=PASSWORD, shot=None, fresh=False, refused=False):
        """Logs in through the login form; later logins as the same user put its session cookie back
        (quicker), unless fresh (then the session is this test's own, e.g. to log out). refused (or
        another password): the login is expected to fail, and the page is left as it is."""
        refused = refused or password != PASSWORD
        self.log_out_everyone()
        if not fresh and not refused and login in _sessions:
            self.d.add_cookie(_sessions[login])
            self.visit("/", shot=shot)
            return
        self.visit("/")
        form = self.find_one("form[action='/login']")
        form.find_element(By.NAME, "login").send_keys(login)
        form.find_element(By.NAME, "password").send_keys(password)
        self.click_and_wait(form.find_element(By.CSS_SELECTOR, "button[type='submit']"))
        if not refused:
            self.assertTrue(
                self.d.find_elements(By.TAG_NAME, "nav"),
                f"after logging in as {login}, {self.path()} has no <nav>: {self.body_text()[:300]!r}",
            )
            cookie = self.d.get_cookie(SESSION_COOKIE)
            if cookie and not fresh:
                _sessions[login] = {k: v for k, v in cookie.items() if k in ("name", "value", "path", "httpOnly", "sameSite", "secure", "expiry")}
        if shot:
            self.shot(shot)

    # Looking at the page

    def find_one(self, css, within=None):
        elements = (within or self.d).find_elements(By.CSS_SELECTOR, css)
        if not elements:
            self.fail(f"{self.path()}: no element matches {css!r}; the page says: {self.body_text()[:400]!r}")
        return elements[0]

    def has(self, css, within=None):
        return bool((within or self.d).find_elements(By.CSS_SELECTOR, css))

    def body_text(self):
        try:
            return self.d.find_element(By.TAG_NAME, "body").text
        except NoSuchElementException:
            return ""

    def h1(self):
        return self.find_one("h1").text

    def assert_no_alert(self):
        try:
            alert = self.d.switch_to.alert
            text = alert.text
            alert.dismiss()
            self.fail(f"{self.path()} opened an alert: {text!r}")
        except NoAlertPresentException:
            pass

    def assert_not_found_page(self, path):
        self.visit(path)
        self.assertIn("未找到", self.h1(), f"{path} should show the 404 page")
        answer = http("GET", path, cookies=self.cookies())
        self.assertEqual(answer.status, 404, f"GET {path} answered {answer.status}, not 404")

    def shot(self, name):
        """A PNG of the whole page (not only the window) in the screenshot folder."""
        os.makedirs(SHOTS, exist_ok=True)
        metrics = self.d.execute_cdp_cmd("Page.getLayoutMetrics", {})
        size = metrics.get("cssContentSize") or metrics["contentSize"]
        width = max(int(size["width"]), 1280)
        height = min(max(int(size["height"]), 200), 8000)
        picture = self.d.execute_cdp_cmd(
            "Page.captureScreenshot",
            {
                "format": "png",
                "captureBeyondViewport": True,
                "clip": {"x": 0, "y": 0, "width": width, "height": height, "scale": 1},
            },
        )
        with open(os.path.join(SHOTS, re.sub(r"[^\w.-]", "_", name) + ".png"), "wb") as f:
            f.write(base64.b64decode(picture["data"]))

    # The session, outside the browser

    def cookies(self):
        return {c["name"]: c["value"] for c in self.d.get_cookies()}

    def page_forms(self):
        """The forms of the current page, as the server sent them (fetched again with this session)."""
        return forms_of(http("GET", self.path(), cookies=self.cookies()).text)
