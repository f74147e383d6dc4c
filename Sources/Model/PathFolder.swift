/// The folder part of a file path, as text: everything before the last `/` (trailing slashes
/// ignored), `"."` for a bare name and `"/"` for a file at the root. Written out here because
/// Foundation's `NSString.deletingLastPathComponent` traps on one-character paths on Linux
/// (swift-corelibs-foundation with Swift 6.3: `("r" as NSString).deletingLastPathComponent`).
package func pathFolder(_ path: String) -> String {
  var p = Substring(path)
  while p.count > 1 && p.hasSuffix("/") { p = p.dropLast() }
  guard let slash = p.lastIndex(of: "/") else { return "." }
  var folder = p[..<slash]
  while folder.count > 1 && folder.hasSuffix("/") { folder = folder.dropLast() }
  return folder.isEmpty ? "/" : String(folder)
}
