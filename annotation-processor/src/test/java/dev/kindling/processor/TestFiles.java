package dev.kindling.processor;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.annotation.processing.Processor;
import javax.tools.JavaFileObject;

/**
 * The test inputs under {@code src/test/resources} ({@code good/}, {@code bad/}, {@code expected/})
 * and the one way the tests compile them.
 */
final class TestFiles {
  /**
   * Every lint except {@code processing}, which flags the unclaimed annotations our processor
   * leaves to Micronaut on purpose.
   */
  static final List<String> JAVAC_OPTIONS = List.of("-Xlint:all,-processing");

  private TestFiles() {}

  /** {@code KINDLING_GOLDEN_DIR} (set by surefire), else the module's own resources. */
  static Path resources() {
    String configured = System.getenv("KINDLING_GOLDEN_DIR");
    Path root = Path.of(configured != null ? configured : "src/test/resources").toAbsolutePath().normalize();
    assertThat(root.resolve("good")).as("test resources (set KINDLING_GOLDEN_DIR)").isDirectory();
    return root;
  }

  static Path good() {
    return resources().resolve("good");
  }

  static Path bad() {
    return resources().resolve("bad");
  }

  static Path expected() {
    return resources().resolve("expected");
  }

  /** The {@code .java} files under {@code dir}, sorted. */
  static List<Path> javaFiles(Path dir) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(file -> file.toString().endsWith(".java")).sorted().collect(Collectors.toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JavaFileObject source(Path file) {
    try {
      return JavaFileObjects.forResource(file.toUri().toURL());
    } catch (MalformedURLException e) {
      throw new IllegalArgumentException(file.toString(), e);
    }
  }

  static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Compiles {@code files} with exactly {@code processors}; nothing is discovered from the class path. */
  static Compilation compile(List<Path> files, Processor... processors) {
    return compile(files, javac(), processors);
  }

  /**
   * As {@link #compile}, on the test class path without the entries whose path contains
   * {@code absent}: a user's build that lacks that module.
   */
  static Compilation compileWithout(String absent, List<Path> files, Processor... processors) {
    List<File> classPath =
        Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
            .filter(entry -> !entry.contains(absent))
            .map(File::new)
            .collect(Collectors.toList());
    return compile(files, javac().withClasspath(classPath), processors);
  }

  private static Compiler javac() {
    return Compiler.javac().withOptions(JAVAC_OPTIONS);
  }

  private static Compilation compile(List<Path> files, Compiler javac, Processor... processors) {
    return javac.withProcessors(processors).compile(files.stream().map(TestFiles::source).collect(Collectors.toList()));
  }
}
