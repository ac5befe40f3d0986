package io.jasyncio.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.module.Configuration;
import java.lang.module.ModuleFinder;
import java.lang.module.ResolvedModule;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The published jars are real JPMS modules: resolving {@code io.jasyncio} alone binds the engine
 * module through its {@code provides}, ServiceLoader finds the engine there, and the engine's
 * internals are not exported. (Surefire runs the other tests on the class path.)
 */
class ModuleLayerTest {
  private static Path home(String className) throws ClassNotFoundException, URISyntaxException {
    Class<?> c = Class.forName(className);
    return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
  }

  private static ModuleLayer layer() throws Exception {
    ModuleFinder finder = ModuleFinder.of(
        home("io.jasyncio.Asyncio"),
        home("io.jasyncio.kotlin.RunKt"),
        home("kotlin.Unit"),
        home("kotlinx.coroutines.Job"));
    Configuration cf = ModuleLayer.boot().configuration()
        .resolveAndBind(finder, ModuleFinder.of(), Set.of("io.jasyncio"));
    return ModuleLayer.boot().defineModulesWithOneLoader(cf, ClassLoader.getSystemClassLoader());
  }

  @Test
  void requiringTheApi_bindsTheEngineModule() throws Exception {
    Set<String> names = layer().configuration().modules().stream()
        .map(ResolvedModule::name)
        .collect(Collectors.toSet());
    assertTrue(names.containsAll(
        List.of("io.jasyncio", "io.jasyncio.kotlin", "kotlin.stdlib", "kotlinx.coroutines.core")),
        "resolved: " + names);
  }

  @Test
  void serviceLoader_inTheLayer_findsTheEngineOfTheKotlinModule() throws Exception {
    ModuleLayer layer = layer();
    Class<?> engine = layer.findLoader("io.jasyncio").loadClass("io.jasyncio.spi.Engine");
    List<String> providers = ServiceLoader.load(layer, engine).stream()
        .map(p -> p.type().getModule().getName() + "/" + p.type().getName())
        .collect(Collectors.toList());
    assertEquals(List.of("io.jasyncio.kotlin/io.jasyncio.internal.EngineImpl"), providers);
  }

  @Test
  void exports_areTheApiAndTheKotlinFace_notTheEngine() throws Exception {
    ModuleLayer layer = layer();
    Module api = layer.findModule("io.jasyncio").orElseThrow();
    Module engine = layer.findModule("io.jasyncio.kotlin").orElseThrow();
    assertTrue(api.isExported("io.jasyncio"));
    assertTrue(api.isExported("io.jasyncio.testing"));
    assertTrue(api.isExported("io.jasyncio.spi"));
    assertTrue(api.isExported("io.jasyncio.process")); // issue 12
    assertTrue(engine.isExported("io.jasyncio.kotlin"));
    assertFalse(engine.isExported("io.jasyncio.internal"));
    // the engine's concept packages (loop, future, task, ...) are all internal too
    List<String> internal =
        engine.getPackages().stream().filter(p -> p.startsWith("io.jasyncio.internal.")).sorted().toList();
    assertTrue(internal.contains("io.jasyncio.internal.loop"), internal::toString);
    for (String p : internal) assertFalse(engine.isExported(p), p);
  }
}
