package io.jasyncio.interop

import io.jasyncio.Asyncio
import io.jasyncio.kotlin.asyncioRun
import io.jasyncio.kotlin.await
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe

class PlumbingInteropSpec : FunSpec({
  test("a Kotlin coroutine awaits a Java sleep future") {
    asyncioRun { Asyncio.sleep(0.0, 7).await() } shouldBe 7
  }
})
