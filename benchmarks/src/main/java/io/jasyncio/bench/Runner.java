package io.jasyncio.bench;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Runs every (rep, workload, implementation), interleaved, each in a fresh process, then prints
 * a Markdown table of medians and the ratios the performance targets talk about.
 *
 * <p>Options are {@code --key=value} arguments or {@code -Dkey=value} system properties
 * (arguments win); see {@code benchmarks/README.md} or {@code --help}.
 */
public final class Runner {
  private static final Pattern SECONDS = Pattern.compile("(?:^| )seconds=([0-9.eE+-]+)");

  /** A ratio the targets name: time of {@code num} / time of {@code den}. */
  private record Ratio(String num, String den, double target, boolean atMost) {
    String title() {
      return num + " / " + den + " (" + (atMost ? "≤ " : "≥ ") + target + ")";
    }

    boolean met(double r) {
      return atMost ? r <= target : r >= target;
    }
  }

  private static final List<Ratio> RATIOS = List.of(
      new Ratio("jasyncio-kotlin", "kx-rb", 1.3, true),
      new Ratio("jasyncio-java", "kx-rb", 2.0, true),
      new Ratio(Registry.PY, "jasyncio-kotlin", 5.0, false),
      new Ratio(Registry.PY, "jasyncio-java", 5.0, false));

  private static final String HELP = String.join("\n",
      "usage: java -jar benchmarks/target/jasyncio-benchmarks.jar [--key=value ...]",
      "  (each key can also be given as -Dkey=value before -jar)",
      "  --workloads=spawn,call_soon   workloads, in order; 'all' = every known one",
      "  --impls=jasyncio-java,jasyncio-kotlin,kx-rb,kx-st,py",
      "  --reps=3                      fresh processes per (workload, impl), interleaved",
      "  --warmup=1                    untimed in-process copies before the timed one (JVM)",
      "  --java.bin=PATH               java for the JVM children (default: this JVM's)",
      "  --jvm.args='-Xms2g -Xmx2g -XX:+UseG1GC'   flags of the JVM children",
      "  --python=python3              interpreter for the py implementation",
      "  --out=PATH                    raw result lines (default: bench-results.txt beside the"
          + " jar); the table also goes to the same name with .md",
      "  --timeout=600                 seconds before a child is killed");

  private final Map<String, String> args;
  private final Map<String, Map<String, Bench>> jvm = Registry.jvmImpls();

  private Runner(Map<String, String> args) {
    this.args = args;
  }

  /**
   * @param argv {@code --key=value} options
   * @throws Exception if the runner itself fails (a failed child is reported, not thrown)
   */
  public static void main(String[] argv) throws Exception {
    Map<String, String> args = new HashMap<>();
    for (String a : argv) {
      if (a.equals("-h") || a.equals("--help")) {
        System.out.println(HELP);
        return;
      }
      String s = a.startsWith("--") ? a.substring(2) : a;
      int eq = s.indexOf('=');
      if (eq <= 0) {
        System.err.println("bad argument '" + a + "'\n" + HELP);
        System.exit(2);
      }
      args.put(s.substring(0, eq), s.substring(eq + 1));
    }
    System.exit(new Runner(args).run());
  }

  private String opt(String key, String def) {
    String v = args.get(key);
    if (v == null) {
      v = System.getProperty(key);
    }
    return v == null || v.isBlank() ? def : v.trim();
  }

  private static List<String> list(String csv) {
    return Arrays.stream(csv.split("[,\\s]+")).filter(s -> !s.isEmpty()).toList();
  }

  /** One child's outcome: its result line and seconds, or why it failed. */
  private record Run(String line, double seconds, String error) {}

  private int run() throws Exception {
    Set<String> known = new LinkedHashSet<>();
    jvm.values().forEach(m -> known.addAll(m.keySet()));
    String w = opt("workloads", String.join(",", Registry.DEFAULT_WORKLOADS));
    List<String> workloads = w.equals("all") ? List.copyOf(known) : list(w);
    List<String> impls = list(opt("impls", String.join(",", Registry.DEFAULT_IMPLS)));
    int reps = Integer.parseInt(opt("reps", "3"));
    int warmup = Integer.parseInt(opt("warmup", "1"));
    long timeout = Long.parseLong(opt("timeout", "600"));
    String javaBin = opt("java.bin", Path.of(System.getProperty("java.home"), "bin", "java")
        .toString());
    List<String> jvmArgs = list(opt("jvm.args", "-Xms2g -Xmx2g -XX:+UseG1GC"));
    String python = opt("python", "python3");
    String classpath = opt("bench.classpath", childClasspath());
    Path out = Path.of(opt("out", defaultOut(classpath)));

    for (String impl : impls) {
      if (!impl.equals(Registry.PY) && !jvm.containsKey(impl)) {
        System.err.println("unknown impl '" + impl + "'; known: " + jvm.keySet() + " and py");
        return 2;
      }
    }
    Path script = null;
    Set<String> pyWorkloads = Set.of();
    if (impls.contains(Registry.PY)) {
      script = extractPythonScript();
      pyWorkloads = Set.copyOf(list(capture(List.of(python, script.toString(), "--list"))));
      if (pyWorkloads.isEmpty()) {
        System.err.println("warning: " + python + " " + script + " --list failed: no py runs");
      }
    }
    for (String wl : workloads) {
      if (!known.contains(wl) && !pyWorkloads.contains(wl)) {
        System.err.println("unknown workload '" + wl + "'; known: " + known);
        return 2;
      }
    }

    List<String> header = machine(javaBin, jvmArgs, warmup, python, impls, reps);
    header.forEach(System.out::println);
    System.out.println();
    if (out.getParent() != null) {
      Files.createDirectories(out.getParent());
    }
    List<String> raw = new ArrayList<>();
    header.forEach(h -> raw.add("# " + h));

    Map<String, Map<String, List<Double>>> times = new LinkedHashMap<>();
    Map<String, String> params = new HashMap<>();
    Set<String> failed = new HashSet<>();
    int failures = 0;
    for (int rep = 1; rep <= reps; rep++) {
      for (String wl : workloads) {
        for (String impl : impls) {
          boolean supported = impl.equals(Registry.PY)
              ? pyWorkloads.contains(wl) : jvm.get(impl).containsKey(wl);
          if (!supported) {
            continue;
          }
          List<String> cmd = new ArrayList<>();
          if (impl.equals(Registry.PY)) {
            cmd.addAll(List.of(python, script.toString(), wl));
          } else {
            cmd.add(javaBin);
            cmd.addAll(jvmArgs);
            cmd.addAll(List.of("-Dwarmup=" + warmup, "-cp", classpath,
                Workload.class.getName(), impl, wl));
          }
          Run r = runChild(cmd, wl, timeout);
          String tag = String.format("[%d/%d] %-20s %-16s", rep, reps, wl, impl);
          if (r.error != null) {
            failures++;
            failed.add(wl + " " + impl);
            System.out.println(tag + " FAILED: " + r.error);
            raw.add("# FAILED " + wl + " impl=" + impl + ": " + r.error.replace('\n', ' '));
          } else {
            System.out.println(tag + " " + r.line);
            raw.add(r.line);
            times.computeIfAbsent(wl, k -> new LinkedHashMap<>())
                .computeIfAbsent(impl, k -> new ArrayList<>()).add(r.seconds);
            params.putIfAbsent(wl, r.line.split(" ")[1]);
          }
          Files.write(out, raw, StandardCharsets.UTF_8);
        }
      }
    }

    List<String> table = new ArrayList<>(header);
    table.add("- load average at the end: " + loadAverage());
    table.add("");
    table.addAll(table(workloads, impls, times, params, failed, reps));
    Path md = Path.of(out.toString().replaceFirst("\\.txt$", "") + ".md");
    Files.write(md, table, StandardCharsets.UTF_8);
    System.out.println();
    table.forEach(System.out::println);
    System.out.println();
    System.out.println("raw lines: " + out.toAbsolutePath());
    System.out.println("table:     " + md.toAbsolutePath());
    if (failures > 0) {
      System.out.println(failures + " run(s) FAILED");
      return 1;
    }
    return 0;
  }

  // ---- children --------------------------------------------------------------------------------

  /** Runs one child, waits up to {@code timeout} seconds, and finds its result line. */
  private static Run runChild(List<String> cmd, String workload, long timeout) throws Exception {
    Path so = Files.createTempFile("bench-out", ".txt");
    Path se = Files.createTempFile("bench-err", ".txt");
    try {
      Process p = new ProcessBuilder(cmd).redirectOutput(so.toFile()).redirectError(se.toFile())
          .start();
      if (!p.waitFor(timeout, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        p.waitFor();
        return new Run(null, Double.NaN, "timed out after " + timeout + " s");
      }
      List<String> lines = Files.readAllLines(so, StandardCharsets.UTF_8);
      for (String l : lines) {
        Matcher m = SECONDS.matcher(l);
        if (l.startsWith(workload + " ") && m.find()) {
          if (p.exitValue() != 0) {
            break;
          }
          return new Run(l.strip(), Double.parseDouble(m.group(1)), null);
        }
      }
      String err = Files.readString(se, StandardCharsets.UTF_8).strip();
      String tail = err.length() > 2000 ? "..." + err.substring(err.length() - 2000) : err;
      return new Run(null, Double.NaN, "exit " + p.exitValue() + ", no result line; "
          + String.join(" | ", lines) + (tail.isEmpty() ? "" : "\n" + tail));
    } finally {
      Files.deleteIfExists(so);
      Files.deleteIfExists(se);
    }
  }

  /** Runs a short command; returns its stdout and stderr, stripped, or "" if it fails. */
  private static String capture(List<String> cmd) {
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      byte[] b = p.getInputStream().readAllBytes();
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        return "";
      }
      return new String(b, StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }

  /** The class path for the JVM children: this jar, or the class loader's entries. */
  private static String childClasspath() {
    try {
      URL loc = Runner.class.getProtectionDomain().getCodeSource().getLocation();
      Path p = Path.of(loc.toURI());
      if (Files.isRegularFile(p)) {
        return p.toString();
      }
    } catch (URISyntaxException | RuntimeException e) {
      // fall through
    }
    if (Runner.class.getClassLoader() instanceof URLClassLoader ucl) { // e.g. mvn exec:java
      List<String> parts = new ArrayList<>();
      for (URL u : ucl.getURLs()) {
        try {
          parts.add(Path.of(u.toURI()).toString());
        } catch (URISyntaxException | RuntimeException e) {
          // skip what is not a file
        }
      }
      if (!parts.isEmpty()) {
        return String.join(File.pathSeparator, parts);
      }
    }
    return System.getProperty("java.class.path");
  }

  /** {@code bench-results.txt} beside the jar or the classes directory: {@code target/}. */
  private static String defaultOut(String classpath) {
    Path dir = Path.of(classpath.split(File.pathSeparator)[0]).toAbsolutePath().getParent();
    return (dir == null ? Path.of("bench-results.txt") : dir.resolve("bench-results.txt"))
        .toString();
  }

  /** Copies the CPython script out of the jar into a temp file deleted at exit. */
  private static Path extractPythonScript() throws IOException {
    Path tmp = Files.createTempFile("jasyncio-asyncio_bench", ".py");
    tmp.toFile().deleteOnExit();
    try (InputStream in = Runner.class.getResourceAsStream("/python/asyncio_bench.py")) {
      if (in == null) {
        throw new IllegalStateException("python/asyncio_bench.py is not on the class path");
      }
      Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
    }
    return tmp;
  }

  // ---- report ----------------------------------------------------------------------------------

  private static List<String> machine(String javaBin, List<String> jvmArgs, int warmup,
      String python, List<String> impls, int reps) {
    List<String> h = new ArrayList<>();
    h.add("## jasyncio benchmarks, "
        + ZonedDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss z")));
    h.add("");
    h.add("- machine: nproc=" + Runtime.getRuntime().availableProcessors() + ", " + cpuModel()
        + ", load average " + loadAverage() + " (at start)");
    String version = capture(List.of(javaBin, "-version"));
    h.add("- JDK of the JVM children: " + javaBin + ": "
        + version.lines().limit(2).collect(Collectors.joining("; ")));
    h.add("- JVM flags: " + String.join(" ", jvmArgs) + " -Dwarmup=" + warmup
        + " (warm-up copies run in-process, untimed)");
    if (impls.contains(Registry.PY)) {
      h.add("- python: " + capture(List.of(python, "--version")) + " (" + python + ")");
    }
    h.add("- " + reps + " fresh process(es) per cell, interleaved; cells are median seconds"
        + (reps > 1 ? " [min–max]" : "") + "; ratios are time / time of the medians");
    return h;
  }

  private static List<String> table(List<String> workloads, List<String> impls,
      Map<String, Map<String, List<Double>>> times, Map<String, String> params,
      Set<String> failed, int reps) {
    List<String> t = new ArrayList<>();
    t.add("| workload | " + String.join(" | ", impls) + " |");
    t.add("|---|" + "---|".repeat(impls.size()));
    for (String wl : workloads) {
      StringBuilder row = new StringBuilder("| " + label(wl, params));
      for (String impl : impls) {
        List<Double> xs = times.getOrDefault(wl, Map.of()).get(impl);
        row.append(" | ");
        if (xs == null) {
          row.append(failed.contains(wl + " " + impl) ? "FAILED" : "n/a");
          continue;
        }
        row.append(fmt4(median(xs)));
        if (xs.size() > 1) {
          double lo = xs.stream().mapToDouble(d -> d).min().orElseThrow();
          double hi = xs.stream().mapToDouble(d -> d).max().orElseThrow();
          row.append(" [").append(fmt4(lo)).append("–").append(fmt4(hi)).append(']');
        }
        if (xs.size() < reps) {
          row.append(" (").append(xs.size()).append(" of ").append(reps).append(')');
        }
      }
      t.add(row.append(" |").toString());
    }
    List<Ratio> ratios = RATIOS.stream()
        .filter(r -> impls.contains(r.num) && impls.contains(r.den)).toList();
    if (ratios.isEmpty()) {
      return t;
    }
    t.add("");
    t.add("| workload | " + ratios.stream().map(Ratio::title).collect(Collectors.joining(" | "))
        + " |");
    t.add("|---|" + "---|".repeat(ratios.size()));
    for (String wl : workloads) {
      StringBuilder row = new StringBuilder("| " + label(wl, null));
      Map<String, List<Double>> byImpl = times.getOrDefault(wl, Map.of());
      for (Ratio r : ratios) {
        List<Double> a = byImpl.get(r.num);
        List<Double> b = byImpl.get(r.den);
        row.append(" | ");
        if (a == null || b == null) {
          row.append("n/a");
        } else {
          double x = median(a) / median(b);
          row.append(fmt(x)).append(r.met(x) ? " ok" : " **miss**");
        }
      }
      t.add(row.append(" |").toString());
    }
    return t;
  }

  private static String label(String wl, Map<String, String> params) {
    String l = Registry.LABELS.getOrDefault(wl, "");
    String p = params == null ? null : params.get(wl);
    return (l.isEmpty() ? "" : l + " ") + wl + (p == null ? "" : " (" + p + ")");
  }

  private static double median(List<Double> xs) {
    double[] s = xs.stream().mapToDouble(d -> d).sorted().toArray();
    int m = s.length / 2;
    return s.length % 2 == 1 ? s[m] : (s[m - 1] + s[m]) / 2;
  }

  private static String fmt(double x) {
    return String.format(Locale.ROOT, x >= 10 ? "%.1f" : "%.2f", x);
  }

  private static String fmt4(double x) {
    return String.format(Locale.ROOT, "%.4f", x);
  }

  private static String cpuModel() {
    try {
      return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
          .filter(l -> l.startsWith("model name")).findFirst()
          .map(l -> l.substring(l.indexOf(':') + 1).strip()).orElse("cpu model unknown");
    } catch (IOException | UncheckedIOException e) {
      return "cpu model unknown";
    }
  }

  private static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }
}
