package io.jasyncio.internal.debug

import io.jasyncio.internal.loop.EventLoopImpl
import java.lang.management.ManagementFactory
import java.util.concurrent.atomic.AtomicLong
import javax.management.Attribute
import javax.management.AttributeList
import javax.management.AttributeNotFoundException
import javax.management.DynamicMBean
import javax.management.MBeanAttributeInfo
import javax.management.MBeanInfo
import javax.management.MBeanOperationInfo
import javax.management.MBeanParameterInfo
import javax.management.ObjectName
import javax.management.ReflectionException

/**
 * A loop's JMX face (`io.jasyncio:type=EventLoop,name=…`): its statistics as read-only attributes,
 * `Debug` read-write, and the operation `dumpTasks`. A [DynamicMBean], so no MBean interface has
 * to be exported from the engine's module. It holds the loop strongly: `close()` unregisters it.
 */
internal class LoopMBean(private val loop: EventLoopImpl) : DynamicMBean {
  private val names = listOf("Ready", "Timers", "Tasks", "IoRegistrations", "Iterations", "LongestStepMillis", "LagMillis", "Running")

  override fun getAttribute(attribute: String): Any {
    val s = loop.statistics()
    return when (attribute) {
      "Ready" -> s.ready()
      "Timers" -> s.timers()
      "Tasks" -> s.tasks()
      "IoRegistrations" -> s.ioRegistrations()
      "Iterations" -> s.iterations()
      "LongestStepMillis" -> s.longestStep().toNanos() / 1e6
      "LagMillis" -> s.lag().toNanos() / 1e6
      "Running" -> s.running()
      "Debug" -> s.debug()
      else -> throw AttributeNotFoundException(attribute)
    }
  }

  override fun setAttribute(attribute: Attribute) {
    if (attribute.name != "Debug") throw AttributeNotFoundException("${attribute.name} is read-only or unknown")
    loop.setDebug(attribute.value as Boolean)
  }

  override fun getAttributes(attributes: Array<out String>): AttributeList {
    val l = AttributeList()
    for (a in attributes) {
      try {
        l.add(Attribute(a, getAttribute(a)))
      } catch (e: AttributeNotFoundException) {
        // skipped, as the JMX contract allows
      }
    }
    return l
  }

  override fun setAttributes(attributes: AttributeList): AttributeList {
    val done = AttributeList()
    for (a in attributes.asList()) {
      try {
        setAttribute(a)
        done.add(a)
      } catch (e: Exception) {
        // skipped, as the JMX contract allows
      }
    }
    return done
  }

  override fun invoke(actionName: String, params: Array<out Any>?, signature: Array<out String>?): Any =
    when (actionName) {
      "dumpTasks" -> loop.dumpTasks()
      else -> throw ReflectionException(NoSuchMethodException(actionName))
    }

  override fun getMBeanInfo(): MBeanInfo {
    val attrs = names.map { n ->
      val type = when (n) {
        "Iterations" -> "long"
        "LongestStepMillis", "LagMillis" -> "double"
        "Running" -> "boolean"
        else -> "int"
      }
      MBeanAttributeInfo(n, type, n, true, false, false)
    } + MBeanAttributeInfo("Debug", "boolean", "debug mode", true, true, true)
    val ops = arrayOf(
      MBeanOperationInfo("dumpTasks", "the pending tasks and what they await", arrayOf<MBeanParameterInfo>(), "java.lang.String", MBeanOperationInfo.INFO),
    )
    return MBeanInfo(javaClass.name, "jasyncio event loop", attrs.toTypedArray(), null, ops, null)
  }

  companion object {
    private val ids = AtomicLong()

    /** Registers [loop]'s MBean under [name] (generated if null); returns the object name. */
    fun register(loop: EventLoopImpl, name: String?): ObjectName {
      val server = ManagementFactory.getPlatformMBeanServer()
      val n = name ?: "loop-${ids.incrementAndGet()}"
      val v = if (n.matches(Regex("[A-Za-z0-9._-]+"))) n else ObjectName.quote(n)
      val on = ObjectName("io.jasyncio", java.util.Hashtable(mapOf("type" to "EventLoop", "name" to v)))
      server.registerMBean(LoopMBean(loop), on)
      return on
    }

    fun unregister(on: ObjectName) {
      try {
        ManagementFactory.getPlatformMBeanServer().unregisterMBean(on)
      } catch (e: Exception) {
        // already gone
      }
    }
  }
}
