package io.jasyncio.internal.net

import java.io.IOException
import java.nio.file.Files
import java.nio.file.LinkOption
import java.nio.file.NoSuchFileException
import java.nio.file.Path
import java.nio.file.attribute.BasicFileAttributes

/**
 * The socket file of a Unix server (asyncio 3.13's `cleanup_socket`): a stale one is removed
 * before binding, and the server's own is removed at close, unless the path was replaced by
 * another file meanwhile (compared by the file key: device and inode on Unix).
 */
internal object UnixSocketFiles {
  class SocketFile(val path: Path, val key: Any?)

  /** Removes a socket file left at [path] (not a regular file, directory or link: those are kept, and the bind then fails naming the path). */
  fun removeStale(path: Path) {
    val a = attributes(path) ?: return
    if (a.isOther) {
      try {
        Files.deleteIfExists(path)
      } catch (e: IOException) {
        // the bind reports the path
      }
    }
  }

  /** What [path] is now, to recognise it at close. */
  fun identify(path: Path): SocketFile = SocketFile(path, attributes(path)?.fileKey())

  /** Removes [f] if [SocketFile.path] still is the file the server made. Never throws. */
  fun remove(f: SocketFile) {
    val a = attributes(f.path) ?: return
    if (!a.isOther || f.key == null || a.fileKey() != f.key) return
    try {
      Files.deleteIfExists(f.path)
    } catch (e: IOException) {
      // as asyncio: a socket file that cannot be removed is left
    }
  }

  private fun attributes(path: Path): BasicFileAttributes? = try {
    Files.readAttributes(path, BasicFileAttributes::class.java, LinkOption.NOFOLLOW_LINKS)
  } catch (e: NoSuchFileException) {
    null
  } catch (e: IOException) {
    null
  }
}
