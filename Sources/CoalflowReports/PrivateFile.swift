import Foundation

/// Exports hold personal data: their files are their owner's only (mode 0600) from the moment they
/// exist, whatever the umask, and an existing file of that name is emptied and made so too.
enum PrivateFile {
    static func create(_ path: String) throws -> FileHandle {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard fd >= 0, fchmod(fd, 0o600) == 0 else {
            let reason = String(cString: strerror(errno))
            if fd >= 0 { close(fd) }
            throw ReportWriteError("cannot write \(path): \(reason)")
        }
        return FileHandle(fileDescriptor: fd, closeOnDealloc: true)
    }
}
