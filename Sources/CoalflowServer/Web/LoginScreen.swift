import CoalflowCore
import HTTPTypes
import Hummingbird

extension WebPage {
    /// The login form: login and password, one button; `error` is the API's own message.
    func loginScreen(formToken: String, login: String, error: Message?, status: HTTPResponse.Status) -> Response {
        let message: HTML = error.map { "<p class=\"error\" role=\"alert\">\(t($0))</p>" } ?? .empty
        return render(
            t("登录", "Log in"), section: nil, status: status,
            body: """
                <form class="login" method="post" action="/login">
                <h1>\(t("散煤清洁化治理 · 登录", "Clean coal · Log in"))</h1>\(message)
                <input type="hidden" name="csrf" value="\(formToken)">
                <label for="login">\(t("登录名", "Login"))</label>
                <input id="login" name="login" autocomplete="username" required maxlength="64" value="\(login)"\(HTML.when(login.isEmpty, " autofocus"))>
                <label for="password">\(t("密码", "Password"))</label>
                <input id="password" name="password" type="password" autocomplete="current-password" required>
                <button type="submit">\(t("登录", "Log in"))</button>
                </form>
                """)
    }
}
