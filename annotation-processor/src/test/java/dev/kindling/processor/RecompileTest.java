package dev.kindling.processor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.annotation.processing.Processor;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Compiles a project twice on disk, the way maven-compiler-plugin runs javac, and checks that the
 * second compile replaces Kindling's own earlier entries without calling them a clash, while an
 * earlier class of another bean or of the user's with the same name still is one.
 *
 * <p>What is mirrored: the first compile is a clean {@code mvn compile}: every source of
 * {@code src/main/java}, {@code -d target/classes}, {@code -s target/generated-sources/annotations},
 * {@code -sourcepath src/main/java}, and a class path of {@code target/classes} followed by the
 * dependencies. The second compile is {@code mvn compile} with
 * {@code <useIncrementalCompilation>false</useIncrementalCompilation>} after some beans were
 * touched: the plugin deletes nothing, hands javac only the stale sources (those newer than their
 * class file) and the same options, so the old entries are in {@code target/classes} and their old
 * sources in {@code target/generated-sources/annotations}. Plugin 3.14 leaves that directory off
 * {@code -sourcepath} (MCOMPILER-538); 3.13 and earlier put it on. Processors are handed to javac
 * directly: Kindling alone, or with Micronaut's as javac would discover them.
 */
class RecompileTest {
  private static final String CATALOG = "com/acme/catalog/Catalog.java";

  @TempDir Path project;

  /** The ways the second compile finds the entries the first one wrote. */
  enum Recompile {
    /** maven-compiler-plugin 3.14: old entries only as class files on the class path. */
    PLUGIN_3_14(false, false, false),
    /** maven-compiler-plugin 3.13 and earlier: the old generated sources are on the source path too. */
    PLUGIN_3_13(true, false, false),
    /**
     * As 3.13 with {@code -Xprefer:source}: javac reads the stale generated sources instead of the
     * classes, and says that it compiled them without processing; the new entries replace them.
     */
    PLUGIN_3_13_PREFER_SOURCE(true, true, false),
    /** target/generated-sources deleted, target/classes kept: only the old class files remain. */
    GENERATED_SOURCES_DELETED(false, false, true);

    private static final String IMPLICIT_COMPILATION =
        ":-1: Implicitly compiled files were not subject to annotation processing.";

    final boolean generatedOnSourcePath;
    final boolean preferSource;
    final boolean generatedDeleted;

    Recompile(boolean generatedOnSourcePath, boolean preferSource, boolean generatedDeleted) {
      this.generatedOnSourcePath = generatedOnSourcePath;
      this.preferSource = preferSource;
      this.generatedDeleted = generatedDeleted;
    }

    /** javac's own warnings for this way of compiling; none comes from Kindling. */
    List<String> javacWarnings() {
      return preferSource ? List.of(IMPLICIT_COMPILATION) : List.of();
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Recompile.class)
  void recompilingEveryBeanWithoutIncrementalCompilationWritesTheSameOutput(Recompile recompile) {
    Project build = new Project(project, TestFiles.good());
    build.compile(build.sources()).assertClean();
    Map<String, String> generated = build.generatedSources();
    Map<String, String> classes = build.classFiles();
    assertThat(generated).containsAllEntriesOf(Goldens.of(TestFiles.good().resolve(CATALOG)));

    build.prepare(recompile);
    build.recompile(build.sources(), recompile).assertClean(recompile.javacWarnings());

    assertThat(build.generatedSources()).isEqualTo(generated);
    assertThat(build.classFiles()).isEqualTo(classes);
  }

  @Test
  void recompilingBesideMicronautWritesTheSameOutput() {
    Project build = new Project(project, TestFiles.good());
    build.processors = ProcessorCoexistenceTest::discoveredProcessors;
    build.compile(build.sources()).assertClean();
    Map<String, String> generated = build.generatedSources();
    Map<String, String> classes = build.classFiles();
    assertThat(classes).containsKey("com/acme/catalog/$Catalog$Products$Definition.class");

    build.recompile(build.sources(), Recompile.PLUGIN_3_14).assertClean();
    build.recompile(List.of(build.source(CATALOG)), Recompile.PLUGIN_3_14).assertClean();

    assertThat(build.generatedSources()).isEqualTo(generated);
    assertThat(build.classFiles()).isEqualTo(classes);
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Recompile.class)
  void editingANestedBeanWritesWhatACleanBuildWrites(Recompile recompile) throws IOException {
    Project build = new Project(project.resolve("edited"), TestFiles.good());
    build.compile(build.sources()).assertClean();
    String catalog = TestFiles.read(build.source(CATALOG));
    build.write(CATALOG,
        catalog
            .replace("public record Product(", "public record Reprice(String sku, int percent) {}\n\n  public record Product(")
            .replace("public Product reprice(Product product) {", "public Product reprice(Reprice product) {")
            .replace("product.priceCents() * 2", "product.percent()")
            .replace("\"/products/{sku}\"", "\"/catalog/{sku}\""));

    build.prepare(recompile);
    build.recompile(List.of(build.source(CATALOG)), recompile).assertClean(recompile.javacWarnings());

    Project clean = new Project(project.resolve("clean"), build.src);
    clean.compile(clean.sources()).assertClean();
    assertThat(build.generatedSources().get("com/acme/catalog/Catalog_Products_RepriceFunctionHandler.java"))
        .contains("Catalog.Reprice")
        .isEqualTo(clean.generatedSources().get("com/acme/catalog/Catalog_Products_RepriceFunctionHandler.java"));
    if (!recompile.generatedDeleted) {
      assertThat(build.generatedSources()).isEqualTo(clean.generatedSources());
    }
    assertThat(build.classFiles()).isEqualTo(clean.classFiles());
  }

  @Test
  void anEarlierEntryOfAnotherBeanWithTheSameNameIsStillAClash() throws IOException {
    Project build = new Project(project, null);
    build.write("com/acme/Outer_Inner.java",
        "package com.acme;\n\n"
            + "@jakarta.inject.Singleton\n"
            + "public class Outer_Inner {\n"
            + "  @dev.kindling.annotation.FunctionHandler\n"
            + "  public String charge(String orderId) {\n"
            + "    return orderId;\n"
            + "  }\n"
            + "}\n");
    build.compile(build.sources()).assertClean();
    Path outer = build.write("com/acme/Outer.java",
        "package com.acme;\n\n"
            + "public class Outer {\n"
            + "  @jakarta.inject.Singleton\n"
            + "  public static class Inner {\n"
            + "    @dev.kindling.annotation.FunctionHandler\n"
            + "    public String charge(String orderId) {\n"
            + "      return orderId;\n"
            + "    }\n"
            + "  }\n"
            + "}\n");

    Result second = build.compile(List.of(outer));

    assertThat(second.kindlingErrors())
        .containsExactly(
            "Outer.java:7: [Kindling/GeneratedNameClash] charge(String) would generate"
                + " Outer_Inner_ChargeFunctionHandler, which Kindling generated for com.acme.Outer_Inner"
                + " in an earlier compile: rename the method or the class; if com.acme.Outer_Inner no"
                + " longer exists, rebuild clean (mvn clean compile)");
  }

  @Test
  void aClassOfTheUsersOnTheClassPathWithTheGeneratedNameIsStillAClash() throws IOException {
    Project build = new Project(project, null);
    build.write("com/acme/Outer_Inner_ChargeFunctionHandler.java",
        "package com.acme;\n\npublic class Outer_Inner_ChargeFunctionHandler {}\n");
    build.compile(build.sources()).assertClean();
    Path outer = build.write("com/acme/Outer.java",
        "package com.acme;\n\n"
            + "public class Outer {\n"
            + "  @jakarta.inject.Singleton\n"
            + "  public static class Inner {\n"
            + "    @dev.kindling.annotation.FunctionHandler\n"
            + "    public String charge(String orderId) {\n"
            + "      return orderId;\n"
            + "    }\n"
            + "  }\n"
            + "}\n");

    Result second = build.compile(List.of(outer));

    assertThat(second.kindlingErrors())
        .containsExactly(
            "Outer.java:7: [Kindling/GeneratedNameClash] charge(String) would generate"
                + " Outer_Inner_ChargeFunctionHandler, which already exists in package com.acme: rename"
                + " the method or the class");
  }

  @Test
  void aStaleEntryPassedAsASourceIsATaggedErrorNotACrash() {
    Project build = new Project(project, TestFiles.good());
    build.compile(List.of(build.source(CATALOG))).assertClean();
    List<Path> sources = new ArrayList<>(List.of(build.source(CATALOG)));
    sources.add(build.generated.resolve("com/acme/catalog/Catalog_Products_RepriceFunctionHandler.java"));

    Result second = build.recompile(sources, Recompile.PLUGIN_3_13);

    assertThat(second.kindlingErrors())
        .containsExactly(
            "Catalog.java:22: [Kindling/GeneratedNameClash] reprice(Product) would generate"
                + " Catalog_Products_RepriceFunctionHandler, which is already among the sources of this"
                + " compile: rename the method or the class; if that file is Kindling's output from an"
                + " earlier compile, do not compile the generated-sources directory as sources, and"
                + " rebuild clean (mvn clean compile)");
  }

  /** A Maven-shaped project directory and javac run on it. */
  static final class Project {
    final Path src;
    final Path classes;
    final Path generated;
    /** The processors of each compile: Kindling alone unless a test says otherwise. */
    Supplier<List<Processor>> processors = () -> List.of(new KindlingProcessor());

    Project(Path root, Path copyOf) {
      src = root.resolve("src/main/java");
      classes = root.resolve("target/classes");
      generated = root.resolve("target/generated-sources/annotations");
      try {
        Files.createDirectories(src);
        Files.createDirectories(classes);
        Files.createDirectories(generated);
        if (copyOf != null) {
          for (Path file : TestFiles.javaFiles(copyOf)) {
            Path copy = src.resolve(copyOf.relativize(file).toString());
            Files.createDirectories(copy.getParent());
            Files.copy(file, copy);
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    Path write(String relative, String text) throws IOException {
      Path file = src.resolve(relative);
      Files.createDirectories(file.getParent());
      Files.writeString(file, text, StandardCharsets.UTF_8);
      return file;
    }

    Path source(String relative) {
      return src.resolve(relative);
    }

    List<Path> sources() {
      return TestFiles.javaFiles(src);
    }

    /** Brings the output directories into the state {@code recompile} finds them in. */
    void prepare(Recompile recompile) {
      try {
        if (recompile.generatedDeleted) {
          for (Path file : TestFiles.javaFiles(generated)) {
            Files.delete(file);
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** A compile as maven-compiler-plugin 3.14 runs it. */
    Result compile(List<Path> sources) {
      return recompile(sources, Recompile.PLUGIN_3_14);
    }

    /**
     * Runs javac with the options plexus-compiler-javac builds for maven-compiler-plugin.
     */
    Result recompile(List<Path> sources, Recompile recompile) {
      List<String> sourcePath = new ArrayList<>(List.of(src.toString()));
      if (recompile.generatedOnSourcePath) {
        sourcePath.add(generated.toString());
      }
      List<String> classPath = new ArrayList<>(List.of(classes.toString()));
      classPath.addAll(Arrays.asList(System.getProperty("java.class.path").split(File.pathSeparator)));
      List<String> options = new ArrayList<>(TestFiles.JAVAC_OPTIONS);
      options.addAll(
          List.of(
              "-d", classes.toString(),
              "-classpath", String.join(File.pathSeparator, classPath),
              "-sourcepath", String.join(File.pathSeparator, sourcePath),
              "-s", generated.toString(),
              "-g",
              "-encoding", "UTF-8"));
      if (recompile.preferSource) {
        options.add("-Xprefer:source");
      }
      JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
      DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
      try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
        JavaCompiler.CompilationTask task =
            javac.getTask(null, files, diagnostics, options, null, files.getJavaFileObjectsFromPaths(sources));
        task.setProcessors(processors.get());
        boolean succeeded = task.call();
        return new Result(succeeded, diagnostics.getDiagnostics());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** Generated sources by path relative to the generated-sources directory. */
    Map<String, String> generatedSources() {
      Map<String, String> sources = new TreeMap<>();
      for (Path file : TestFiles.javaFiles(generated)) {
        sources.put(generated.relativize(file).toString().replace(File.separatorChar, '/'), TestFiles.read(file));
      }
      return sources;
    }

    /** Every class file, by relative path, as hex text so a difference shows which file. */
    Map<String, String> classFiles() {
      try (Stream<Path> files = Files.walk(classes)) {
        Map<String, String> bytes = new TreeMap<>();
        for (Path file : files.filter(Files::isRegularFile).collect(Collectors.toList())) {
          bytes.put(classes.relativize(file).toString().replace(File.separatorChar, '/'), hex(Files.readAllBytes(file)));
        }
        return bytes;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    private static String hex(byte[] bytes) {
      StringBuilder text = new StringBuilder(bytes.length * 2);
      for (byte b : bytes) {
        text.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
      }
      return text.toString();
    }
  }

  /** What javac said. */
  record Result(boolean succeeded, List<Diagnostic<? extends JavaFileObject>> diagnostics) {
    private static final Set<Diagnostic.Kind> REPORTED =
        EnumSet.of(Diagnostic.Kind.ERROR, Diagnostic.Kind.WARNING, Diagnostic.Kind.MANDATORY_WARNING);

    void assertClean() {
      assertClean(List.of());
    }

    /** Succeeded, with no error and no warning but those starting with one of {@code javacWarnings}. */
    void assertClean(List<String> javacWarnings) {
      assertThat(reported())
          .as("errors and warnings")
          .allSatisfy(message -> assertThat(javacWarnings).anySatisfy(expected -> assertThat(message).startsWith(expected)))
          .hasSize(javacWarnings.size());
      assertThat(succeeded).as("compile succeeded").isTrue();
    }

    /** Kindling's errors as {@code File.java:line: message}. */
    List<String> kindlingErrors() {
      assertThat(succeeded).as("compile succeeded").isFalse();
      assertThat(reported())
          .as("errors not from Kindling")
          .allSatisfy(message -> assertThat(message).contains("[Kindling/"));
      return reported();
    }

    private List<String> reported() {
      return diagnostics.stream()
          .filter(diagnostic -> REPORTED.contains(diagnostic.getKind()))
          .map(Result::describe)
          .collect(Collectors.toList());
    }

    private static String describe(Diagnostic<? extends JavaFileObject> diagnostic) {
      String file = diagnostic.getSource() == null ? "" : Path.of(diagnostic.getSource().toUri()).getFileName().toString();
      return file + ":" + diagnostic.getLineNumber() + ": " + diagnostic.getMessage(Locale.ROOT);
    }
  }
}
