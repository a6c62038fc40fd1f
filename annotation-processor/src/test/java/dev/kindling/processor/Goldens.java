package dev.kindling.processor;

import com.google.testing.compile.Compilation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import javax.tools.JavaFileObject;

/**
 * Golden files: {@code good/<pkg>/X.java} owns every {@code expected/<pkg>/X_*.java}. With
 * {@code KINDLING_UPDATE_GOLDENS=true} the tests rewrite them from the generated sources; review
 * the diff before committing.
 */
final class Goldens {
  static final String UPDATE = "KINDLING_UPDATE_GOLDENS";
  private static final String SOURCE_OUTPUT = "/SOURCE_OUTPUT/";

  private Goldens() {}

  static boolean updating() {
    return "true".equals(System.getenv(UPDATE));
  }

  /** Generated sources by path relative to the source output, e.g. {@code com/acme/X_HttpHandler.java}. */
  static Map<String, String> generatedSources(Compilation compilation) {
    Map<String, String> sources = new TreeMap<>();
    for (JavaFileObject file : compilation.generatedSourceFiles()) {
      String path = file.toUri().getPath();
      int root = path.indexOf(SOURCE_OUTPUT);
      if (root < 0) {
        throw new IllegalStateException("Not in the source output: " + file.toUri());
      }
      try {
        sources.put(path.substring(root + SOURCE_OUTPUT.length()), file.getCharContent(false).toString());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return sources;
  }

  /** The golden files of {@code input} by path relative to {@code expected/}. */
  static Map<String, String> of(Path input) {
    Map<String, String> goldens = new TreeMap<>();
    Path relative = TestFiles.good().relativize(input);
    Path dir = TestFiles.expected().resolve(relative).getParent();
    for (Path golden : TestFiles.javaFiles(dir)) {
      if (golden.getParent().equals(dir) && isOwnedBy(golden, input)) {
        goldens.put(key(TestFiles.expected().relativize(golden)), TestFiles.read(golden));
      }
    }
    return goldens;
  }

  /** Replaces the golden files of {@code input} with {@code generated}. */
  static void rewrite(Path input, Map<String, String> generated) {
    try {
      for (String stale : of(input).keySet()) {
        Files.delete(TestFiles.expected().resolve(stale));
      }
      for (Map.Entry<String, String> source : generated.entrySet()) {
        Path golden = TestFiles.expected().resolve(source.getKey());
        Files.createDirectories(golden.getParent());
        Files.writeString(golden, source.getValue(), StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Whether {@code golden} is a file generated from the good input {@code input}. */
  static boolean isOwnedBy(Path golden, Path input) {
    Path goodPackage = TestFiles.good().relativize(input).getParent();
    Path goldenPackage = TestFiles.expected().relativize(golden).getParent();
    return String.valueOf(goodPackage).equals(String.valueOf(goldenPackage))
        && golden.getFileName().toString().startsWith(className(input) + "_");
  }

  private static String className(Path input) {
    String file = input.getFileName().toString();
    return file.substring(0, file.length() - ".java".length());
  }

  private static String key(Path relative) {
    return relative.toString().replace(relative.getFileSystem().getSeparator(), "/");
  }
}
