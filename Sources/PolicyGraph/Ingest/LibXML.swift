import CLibXML2

/// libxml2 set-up shared by the HTML and XML readers.
enum LibXML {
    /// libxml2 must be initialised once, before any thread parses (its global tables are set
    /// up lazily otherwise, which races when documents are read on several threads).
    private static let initialised: Bool = {
        xmlInitParser()
        return true
    }()

    static func ensureInitialised() { _ = initialised }

    /// An element's local name, lower-cased (HTML names are case-insensitive; for XML the
    /// readers only compare against lower-case words).
    static func name(of node: xmlNodePtr) -> String {
        guard let n = node.pointee.name else { return "" }
        return String(cString: n).lowercased()
    }

    /// The first error libxml2 reports, recorded through the context's structured-error hook.
    /// The first one is what the user needs: after a fatal error libxml2 keeps scanning and
    /// its *last* error is usually a vague "Premature end of data".
    final class FirstError {
        var text: String?
    }

    /// Routes `ctxt`'s errors into `box` (kept alive by the caller for the parse) instead of
    /// libxml2's default of printing them to stderr.
    static func recordFirstError(of ctxt: xmlParserCtxtPtr, into box: FirstError) {
        ctxt.pointee._private = Unmanaged.passUnretained(box).toOpaque()
        ctxt.pointee.sax.pointee.serror = { userData, error in
            // libxml2 passes the parser context as user data; `_private` is ours.
            guard let userData, let error, error.pointee.level.rawValue >= XML_ERR_ERROR.rawValue else { return }
            let ctxt = userData.assumingMemoryBound(to: xmlParserCtxt.self)
            guard let box = ctxt.pointee._private else { return }
            let first = Unmanaged<FirstError>.fromOpaque(box).takeUnretainedValue()
            if first.text == nil { first.text = LibXML.describe(error) }
        }
    }

    /// The parser context's last error as "message (line N)".
    static func lastErrorMessage(_ ctxt: xmlParserCtxtPtr) -> String? {
        guard let error = xmlCtxtGetLastError(ctxt), error.pointee.code != 0 else { return nil }
        return describe(error)
    }

    static func describe(_ error: xmlErrorPtr) -> String {
        var message = error.pointee.message.map { String(cString: $0) } ?? "error \(error.pointee.code)"
        while message.last?.isWhitespace == true { message.removeLast() }
        return error.pointee.line > 0 ? "\(message) (line \(error.pointee.line))" : message
    }
}
