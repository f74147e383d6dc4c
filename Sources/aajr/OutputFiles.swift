import Bounds
import ClaimLanguage
import CrossCheck
import Experiments
import Formats
import Foundation
import LinearAlgebra
import Model
import ONNXFormat
import Rational
import Reports
import Theorems
import Training
import Verification

// Output safety. Every command checks its output locations before computing anything, stages
// regular files as temporaries beside their targets, writes standard output, and only then
// renames the temporaries into place, so a failure anywhere leaves no output half-written.
// A device or FIFO target, or a descriptor path (`/dev/stdout`, `/dev/fd/N`, `/proc/self/fd/N`,
// or a link through one), is written through (appended), never renamed over; a symbolic link is followed and its target replaced, the link itself is kept; an
// output that is one of the command's inputs is refused.

/// A system error number in words.
func errnoWords(_ code: Int32) -> String {
  switch code {
  case ENOENT: return "no such file or folder"
  case ENOTDIR: return "a part of the path is not a folder"
  case EISDIR: return "is a directory"
  case EACCES, EPERM: return "permission denied"
  case ENOSPC: return "no space left on the device"
  case EDQUOT: return "disk quota exceeded"
  case EROFS: return "read-only file system"
  case EFBIG: return "file too large"
  case ENAMETOOLONG: return "the name is too long"
  case ELOOP: return "too many levels of symbolic links"
  case EIO: return "input/output error"
  case EPIPE: return "broken pipe (the reader went away)"
  case EEXIST: return "already exists"
  case ENXIO: return "no reader or device at the other end"
  default: return String(cString: strerror(code)).lowercased()
  }
}

/// The folder part of a path ("." for a bare name).
func folderOf(_ path: String) -> String { pathFolder(path) }

/// `stat` of a path following links, or nil with `errno` set.
private func statOf(_ path: String) -> stat? {
  var s = stat()
  return stat(path, &s) == 0 ? s : nil
}

private func isDirectory(_ s: stat) -> Bool { (s.st_mode & S_IFMT) == S_IFDIR }
private func isRegular(_ s: stat) -> Bool { (s.st_mode & S_IFMT) == S_IFREG }

/// Why the folder `dir` cannot receive new files, or nil when it can. With `creatable`, a
/// missing folder is fine when its nearest existing ancestor can receive it.
func folderProblem(_ dir: String, creatable: Bool = false) -> String? {
  guard let s = statOf(dir) else {
    let e = errno
    if e == ENOENT && creatable {
      let parent = folderOf(dir)
      if parent == dir { return "no such folder" }
      return folderProblem(parent, creatable: true)
    }
    return e == ENOENT ? "no such folder \(InputError.quote(dir))" : "folder \(InputError.quote(dir)): \(errnoWords(e))"
  }
  guard isDirectory(s) else { return "\(InputError.quote(dir)) is not a folder" }
  guard access(dir, W_OK | X_OK) == 0 else { return "folder \(InputError.quote(dir)): permission denied" }
  return nil
}

/// An output location checked before computing.
struct OutputTarget {
  /// The path as the user gave it (for messages).
  let path: String
  /// Where the bytes go: the link's target for a symbolic link, else `path`.
  let resolved: String
  /// A device, FIFO or similar: written through, never renamed over.
  let writeThrough: Bool
  /// The mode of an existing regular file, kept when it is replaced.
  let existingMode: mode_t?
  /// A descriptor path (`/dev/stdout`, `/proc/self/fd/1`, …): it may be standard output itself,
  /// so it is written after standard output.
  var isDescriptorPath = false

  /// Checks `path` as an output named `option`: a writable regular file or a new name in a
  /// writable folder (created first when `folderCreatable`), a device or FIFO, never a
  /// directory and never the same file as one of `inputs`.
  init(_ path: String, option: String, inputs: [String] = [], folderCreatable: Bool = false) throws {
    func fail(_ message: String) -> InputError { InputError(file: path, field: option, message: message) }
    guard !path.isEmpty else { throw InputError(file: "command line", field: option, message: "the path is empty") }
    self.path = path
    // The chain of symbolic links from `path`: a hop through a descriptor path (e.g. /dev/stdout
    // → /proc/self/fd/1 → a pipe) marks a descriptor target, written through.
    var hops = [path]
    var current = path
    for _ in 0..<40 {
      var link = stat()
      guard lstat(current, &link) == 0, (link.st_mode & S_IFMT) == S_IFLNK else { break }
      var buffer = [CChar](repeating: 0, count: 4097)
      let n = readlink(current, &buffer, 4096)
      guard n > 0 else { break }
      let target = String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
      current = target.hasPrefix("/") ? target : folderOf(current) + "/" + target
      hops.append(current)
    }
    let special = hops.contains { namesADescriptor($0) }
    if hops.count > 1 {
      if let real = realpath(path, nil) {
        resolved = String(cString: real)
        free(real)
      } else if statOf(path) != nil {
        resolved = path  // a magic link (a pipe or socket behind /proc/self/fd)
      } else {
        throw fail("is a symbolic link to \(errno == ENOENT ? "a missing file" : errnoWords(errno)); give its target")
      }
    } else {
      resolved = path
    }
    if let s = statOf(resolved) {
      if isDirectory(s) { throw fail("is a directory") }
      for input in inputs where isRegular(s) {  // a terminal may be both stdin and stdout
        if let t = statOf(input), t.st_dev == s.st_dev, t.st_ino == s.st_ino {
          throw fail("is also an input of this command (\(InputError.quote(input))); choose another output")
        }
      }
      if special {
        // /dev/stdout, /proc/self/fd/1 and the like: the descriptor's file is written
        // through (appended), never replaced.
        guard access(resolved, W_OK) == 0 else { throw fail("permission denied") }
        writeThrough = true
        existingMode = nil
        isDescriptorPath = true
      } else if isRegular(s) {
        guard access(resolved, W_OK) == 0 else { throw fail("permission denied") }
        if let problem = folderProblem(folderOf(resolved)) { throw fail(problem) }
        writeThrough = false
        existingMode = s.st_mode & 0o7777
      } else if (s.st_mode & S_IFMT) == S_IFCHR || (s.st_mode & S_IFMT) == S_IFIFO {
        guard access(resolved, W_OK) == 0 else { throw fail("permission denied") }
        writeThrough = true
        existingMode = nil
      } else {
        throw fail("is not a regular file, a device or a FIFO")
      }
    } else {
      let e = errno
      guard e == ENOENT else { throw fail(errnoWords(e)) }
      if let problem = folderProblem(folderOf(resolved), creatable: folderCreatable) { throw fail(problem) }
      writeThrough = false
      existingMode = nil
    }
  }
}

/// Whether `path` names an open descriptor rather than a file: `/dev/stdout`, `/dev/stderr`,
/// `/dev/fd/N`, or `/proc/self/fd/N` (`/proc/PID/fd/N`).
private func namesADescriptor(_ path: String) -> Bool {
  if path == "/dev/stdout" || path == "/dev/stderr" || path.hasPrefix("/dev/fd/") { return true }
  let parts = path.split(separator: "/")
  return parts.count == 4 && parts[0] == "proc" && parts[2] == "fd"
}

/// Writes all of `bytes` to `fd`; throws the errno on failure.
private func writeAll(_ fd: Int32, _ bytes: [UInt8]) throws {
  var offset = 0
  while offset < bytes.count {
    let n = bytes[offset...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    if n < 0 {
      if errno == EINTR { continue }
      throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
    }
    offset += n
  }
}

/// Creates `dir` and its missing parents (like `mkdir -p`), with errors in words.
func makeFolders(_ dir: String, option: String) throws {
  if let s = statOf(dir) {
    if isDirectory(s) { return }
    throw InputError(file: dir, field: option, message: "exists and is not a folder")
  }
  let parent = folderOf(dir)
  if parent != dir { try makeFolders(parent, option: option) }
  if mkdir(dir, 0o777) != 0 && errno != EEXIST {
    throw InputError(file: dir, field: option, message: "cannot create the folder: \(errnoWords(errno))")
  }
}

/// The outputs of one command: regular files are staged as temporaries, then all renamed into
/// place by `commit`; write-through targets are written by `commit`. Nothing reaches a final
/// path before `commit`, and `abort` (also run when a staging step fails) removes the temporaries.
final class OutputTransaction {
  private var staged: [(temp: String, target: OutputTarget)] = []
  private var throughs: [(target: OutputTarget, bytes: [UInt8])] = []

  /// Stages `text` for `target`.
  func stage(_ text: String, to target: OutputTarget, option: String) throws {
    try stage(bytes: Array(text.utf8), to: target, option: option)
  }

  /// Stages `bytes` for `target` (a binary output such as an ONNX model).
  func stage(bytes: [UInt8], to target: OutputTarget, option: String) throws {
    if target.writeThrough {
      throughs.append((target, bytes))
      return
    }
    let dir = folderOf(target.resolved)
    let name = (target.resolved as NSString).lastPathComponent
    var temp = ""
    var fd: Int32 = -1
    for attempt in 0..<100 {
      temp = dir + "/." + name + ".aajr-\(getpid())-\(attempt).tmp"
      fd = open(temp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, target.existingMode ?? 0o666)
      if fd >= 0 || errno != EEXIST { break }
    }
    guard fd >= 0 else {
      let e = errno
      abort()
      throw InputError(file: target.path, field: option, message: "cannot write the file: \(errnoWords(e))")
    }
    do {
      try writeAll(fd, bytes)
      if let mode = target.existingMode { _ = fchmod(fd, mode) }
      guard close(fd) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
    } catch {
      let code = (error as? POSIXError)?.code.rawValue ?? EIO
      unlink(temp)
      abort()
      throw InputError(file: target.path, field: option, message: "cannot write the file: \(errnoWords(code))")
    }
    staged.append((temp, target))
  }

  /// Writes the remaining write-through targets and moves every staged file into place.
  func commit() throws {
    try writeThroughTargets(descriptorPaths: true)
    defer { staged = [] }
    for (temp, target) in staged where rename(temp, target.resolved) != 0 {
      let e = errno
      abort()
      throw InputError(file: target.path, field: "", message: "cannot write the file: \(errnoWords(e))")
    }
  }

  /// Writes the write-through targets (devices and FIFOs; with `descriptorPaths`, descriptor
  /// paths too), each once; a failure removes the staged temporaries.
  func writeThroughTargets(descriptorPaths: Bool) throws {
    let now = throughs.filter { descriptorPaths || !$0.target.isDescriptorPath }
    throughs = throughs.filter { !(descriptorPaths || !$0.target.isDescriptorPath) }
    for (target, bytes) in now {
      // Non-blocking open: a FIFO without a reader is an error (ENXIO), not a hang.
      let fd = open(target.path, O_WRONLY | O_APPEND | O_CLOEXEC | O_NONBLOCK)
      guard fd >= 0 else {
        let e = errno
        abort()
        throw InputError(file: target.path, field: "", message: "cannot write: \(errnoWords(e))")
      }
      _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
      defer { close(fd) }
      do { try writeAll(fd, bytes) } catch {
        let code = (error as? POSIXError)?.code.rawValue ?? EIO
        abort()
        throw InputError(file: target.path, field: "", message: "cannot write: \(errnoWords(code))")
      }
    }
  }

  /// Removes every staged temporary.
  func abort() {
    for (temp, _) in staged { unlink(temp) }
    staged = []
  }
}

/// Writes `text` to standard output, checking every write: a full disk, a closed pipe or
/// `/dev/full` is an error (exit status 2), never a silently truncated result.
func writeStandardOutput(_ text: String) throws {
  do { try writeAll(1, Array(text.utf8)) } catch {
    let code = (error as? POSIXError)?.code.rawValue ?? EIO
    throw InputError(file: "standard output", field: "", message: "cannot write: \(errnoWords(code))")
  }
}

/// Stages `files`, writes the device and FIFO targets, then `standardOutput`, then the descriptor
/// paths (which may be standard output itself), then renames the staged files into place: the one
/// way commands emit results.
func emit(standardOutput: String, files: [(text: String, target: OutputTarget, option: String)] = []) throws {
  let transaction = OutputTransaction()
  for f in files { try transaction.stage(f.text, to: f.target, option: f.option) }
  try transaction.writeThroughTargets(descriptorPaths: false)
  do { try writeStandardOutput(standardOutput) } catch {
    transaction.abort()
    throw error
  }
  try transaction.commit()
}
