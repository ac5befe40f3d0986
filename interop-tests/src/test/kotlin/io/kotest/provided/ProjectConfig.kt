package io.kotest.provided

import io.kotest.core.config.AbstractProjectConfig
import kotlin.time.Duration
import kotlin.time.Duration.Companion.seconds

/** A hung test fails instead of blocking CI (blocking bodies are bounded by `bounded { }`). */
object ProjectConfig : AbstractProjectConfig() {
  override val timeout: Duration = 30.seconds
}
