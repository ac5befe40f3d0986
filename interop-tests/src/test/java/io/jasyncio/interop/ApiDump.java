package io.jasyncio.interop;

import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Renders the public API of some packages as Java sees it: every public class (and public or
 * protected nested class) with its public and protected fields, constructors and methods, generic
 * signatures and modifiers, sorted. Synthetic and bridge members are left out, so Kotlin's
 * {@code @JvmSynthetic} hides a member; Kotlin {@code internal} top-level functions are public in
 * bytecode and so are listed, as Java can call them.
 */
final class ApiDump {
  private static final int CLASS_MODIFIERS =
      Modifier.PUBLIC | Modifier.PROTECTED | Modifier.STATIC | Modifier.FINAL | Modifier.ABSTRACT;
  private static final int MEMBER_MODIFIERS = CLASS_MODIFIERS;
  private static final Set<Class<?>> SHOWN_ANNOTATIONS =
      Set.of(Deprecated.class, FunctionalInterface.class);

  private ApiDump() {}

  /** The dump of {@code packages} in the jar or directory that {@code anchor} was loaded from. */
  static String render(Class<?> anchor, Set<String> packages) throws IOException {
    StringBuilder out = new StringBuilder();
    for (Class<?> c : publicClasses(anchor, packages)) {
      out.append(header(c)).append(" {\n");
      for (String member : members(c)) {
        out.append("  ").append(member).append('\n');
      }
      out.append("}\n\n");
    }
    return out.toString();
  }

  static List<Class<?>> publicClasses(Class<?> anchor, Set<String> packages) throws IOException {
    ClassLoader loader = anchor.getClassLoader();
    List<Class<?>> classes = new ArrayList<>();
    for (String name : classNames(codeSource(anchor), packages)) {
      Class<?> c;
      try {
        c = Class.forName(name, false, loader);
      } catch (ClassNotFoundException | LinkageError e) {
        throw new IllegalStateException("cannot load " + name, e);
      }
      if (isApi(c)) {
        classes.add(c);
      }
    }
    classes.sort(Comparator.comparing(Class::getName));
    return classes;
  }

  private static Path codeSource(Class<?> anchor) {
    try {
      return Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Binary names of the classes directly in {@code packages}, from a directory or a jar. */
  private static Set<String> classNames(Path location, Set<String> packages) throws IOException {
    Set<String> entries = new TreeSet<>();
    if (Files.isDirectory(location)) {
      try (Stream<Path> files = Files.walk(location)) {
        files.filter(Files::isRegularFile)
            .map(f -> location.relativize(f).toString().replace('\\', '/'))
            .forEach(entries::add);
      }
    } else {
      try (JarFile jar = new JarFile(location.toFile())) {
        Enumeration<JarEntry> e = jar.entries();
        while (e.hasMoreElements()) {
          entries.add(e.nextElement().getName());
        }
      }
    }
    Set<String> names = new TreeSet<>();
    for (String entry : entries) {
      if (!entry.endsWith(".class") || entry.startsWith("META-INF/")) {
        continue;
      }
      String name = entry.substring(0, entry.length() - ".class".length()).replace('/', '.');
      int dot = name.lastIndexOf('.');
      String pkg = dot < 0 ? "" : name.substring(0, dot);
      String simple = name.substring(dot + 1);
      boolean special = simple.equals("package-info") || simple.equals("module-info");
      if (packages.contains(pkg) && !special) {
        names.add(name);
      }
    }
    return names;
  }

  private static boolean isApi(Class<?> c) {
    if (c.isSynthetic() || c.isAnonymousClass() || c.isLocalClass()) {
      return false;
    }
    Class<?> outer = c.getDeclaringClass();
    if (outer == null) {
      return Modifier.isPublic(c.getModifiers());
    }
    return (Modifier.isPublic(c.getModifiers()) || Modifier.isProtected(c.getModifiers()))
        && isApi(outer);
  }

  private static boolean isApi(int modifiers, boolean synthetic) {
    return !synthetic && (Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers));
  }

  private static String header(Class<?> c) {
    StringBuilder sb = new StringBuilder(annotations(c.getDeclaredAnnotations()));
    int mods = c.getModifiers() & CLASS_MODIFIERS;
    String kind;
    if (c.isAnnotation()) {
      kind = "@interface";
      mods &= ~(Modifier.ABSTRACT | Modifier.STATIC);
    } else if (c.isInterface()) {
      kind = "interface";
      mods &= ~(Modifier.ABSTRACT | Modifier.STATIC);
    } else if (c.isEnum()) {
      kind = "enum";
    } else if (c.isRecord()) {
      kind = "record";
    } else {
      kind = "class";
    }
    String name = c.getName() + typeParameters(c.getTypeParameters());
    sb.append(words(Modifier.toString(mods), kind, name));
    Type sup = c.getGenericSuperclass();
    if (sup != null && sup != Object.class) {
      sb.append(" extends ").append(sup.getTypeName());
    }
    Type[] interfaces = c.getGenericInterfaces();
    if (c.isAnnotation()) {
      interfaces = new Type[0];
    }
    if (interfaces.length > 0) {
      sb.append(c.isInterface() ? " extends " : " implements ").append(
          Arrays.stream(interfaces).map(Type::getTypeName).collect(Collectors.joining(", ")));
    }
    return sb.toString();
  }

  private static List<String> members(Class<?> c) {
    List<String> fields = new ArrayList<>();
    for (Field f : c.getDeclaredFields()) {
      if (isApi(f.getModifiers(), f.isSynthetic())) {
        fields.add(annotations(f.getDeclaredAnnotations())
            + words(Modifier.toString(f.getModifiers() & MEMBER_MODIFIERS),
                f.getGenericType().getTypeName(), f.getName()));
      }
    }
    List<String> constructors = new ArrayList<>();
    for (Constructor<?> k : c.getDeclaredConstructors()) {
      if (isApi(k.getModifiers(), k.isSynthetic())) {
        constructors.add(executable(k, null, c.getSimpleName()));
      }
    }
    List<String> methods = new ArrayList<>();
    for (Method m : c.getDeclaredMethods()) {
      if (isApi(m.getModifiers(), m.isSynthetic() || m.isBridge())) {
        methods.add(executable(m, m.getGenericReturnType(), m.getName()));
      }
    }
    List<String> all = new ArrayList<>();
    Comparator<String> byName = Comparator.comparing(ApiDump::memberName).thenComparing(s -> s);
    fields.sort(byName);
    constructors.sort(byName);
    methods.sort(byName);
    all.addAll(fields);
    all.addAll(constructors);
    all.addAll(methods);
    return all;
  }

  private static String executable(Executable e, Type returnType, String name) {
    int mods = e.getModifiers() & MEMBER_MODIFIERS;
    String modifiers = Modifier.toString(mods);
    if (e instanceof Method m && m.isDefault()) {
      modifiers = words(modifiers, "default");
    }
    Type[] params = e.getGenericParameterTypes();
    List<String> shown = new ArrayList<>();
    for (int i = 0; i < params.length; i++) {
      String t = params[i].getTypeName();
      if (e.isVarArgs() && i == params.length - 1 && t.endsWith("[]")) {
        t = t.substring(0, t.length() - 2) + "...";
      }
      shown.add(t);
    }
    String signature = name + "(" + String.join(", ", shown) + ")";
    Type[] thrown = e.getGenericExceptionTypes();
    if (thrown.length > 0) {
      signature += " throws "
          + Arrays.stream(thrown).map(Type::getTypeName).collect(Collectors.joining(", "));
    }
    return annotations(e.getDeclaredAnnotations())
        + words(modifiers, typeParameters(e.getTypeParameters()),
            returnType == null ? "" : returnType.getTypeName(), signature);
  }

  /** The name a member line is sorted by: the word before "(", or the last word of a field. */
  private static String memberName(String line) {
    int paren = line.indexOf('(');
    String head = paren < 0 ? line : line.substring(0, paren);
    return head.substring(head.lastIndexOf(' ') + 1);
  }

  private static String typeParameters(TypeVariable<?>[] vars) {
    if (vars.length == 0) {
      return "";
    }
    List<String> shown = new ArrayList<>();
    for (TypeVariable<?> v : vars) {
      List<String> bounds = Arrays.stream(v.getBounds())
          .filter(b -> b != Object.class)
          .map(Type::getTypeName)
          .collect(Collectors.toList());
      shown.add(bounds.isEmpty()
          ? v.getName()
          : v.getName() + " extends " + String.join(" & ", bounds));
    }
    return "<" + String.join(", ", shown) + ">";
  }

  private static String annotations(Annotation[] annotations) {
    StringBuilder sb = new StringBuilder();
    Arrays.stream(annotations)
        .map(Annotation::annotationType)
        .filter(SHOWN_ANNOTATIONS::contains)
        .map(Class::getSimpleName)
        .sorted()
        .forEach(a -> sb.append('@').append(a).append(' '));
    return sb.toString();
  }

  private static String words(String... words) {
    return Arrays.stream(words).filter(w -> !w.isEmpty()).collect(Collectors.joining(" "));
  }
}
