package io.jasyncio.internal.signal

/** POSIX signal names, as the JDK's `sun.misc.Signal` and `kill -s` take them (no `SIG`). */
internal object SignalNames {
  private val KNOWN = setOf(
    "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "IOT", "BUS", "FPE", "KILL", "USR1", "SEGV", "USR2",
    "PIPE", "ALRM", "TERM", "STKFLT", "CHLD", "CONT", "STOP", "TSTP", "TTIN", "TTOU", "URG", "XCPU",
    "XFSZ", "VTALRM", "PROF", "WINCH", "IO", "POLL", "PWR", "SYS", "EMT", "INFO",
  )

  /** "SIGTERM", "sigterm", "TERM" → "TERM"; an unknown name → IllegalArgumentException naming it. */
  fun normalize(name: String?): String {
    java.util.Objects.requireNonNull(name, "sig")
    val up = name!!.trim().uppercase()
    val n = if (up.startsWith("SIG")) up.substring(3) else up
    if (n !in KNOWN) throw IllegalArgumentException("unknown signal: '$name' (expected a POSIX name such as TERM, HUP, USR1)")
    return n
  }
}
