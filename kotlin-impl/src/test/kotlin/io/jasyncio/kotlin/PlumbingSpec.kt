package io.jasyncio.kotlin

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe

class PlumbingSpec : FunSpec({
  test("asyncioRun returns the block's result") {
    asyncioRun { sleep(0.0); 42 } shouldBe 42
  }
})
