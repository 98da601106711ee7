import Foundation

/// The web pages' one style sheet (`Resources/style.css`), served by coalflow itself.
enum WebStyle {
    static let path = "/static/style.css"

    /// Read from the resource bundle once, like the OpenAPI document: missing is a broken installation.
    static let css: Data = {
        guard let url = Bundle.module.url(forResource: "style", withExtension: "css"), let data = try? Data(contentsOf: url)
        else {
            fatalError("style.css is missing from \(Bundle.module.bundlePath)")
        }
        return data
    }()
}
