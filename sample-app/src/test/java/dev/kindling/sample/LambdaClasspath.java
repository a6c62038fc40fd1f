package dev.kindling.sample;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The sample's function class path as deployed (its classes and runtime dependencies, no test
 * libraries), which the build writes for local runs: the classes directory in
 * {@code kindling.lambdaClasspath}, the dependency jars listed in the file named by
 * {@code kindling.lambdaClasspathFile}.
 */
public final class LambdaClasspath {
  private LambdaClasspath() {}

  public static List<Path> entries() {
    String classes = required("kindling.lambdaClasspath");
    Path file = Path.of(required("kindling.lambdaClasspathFile"));
    List<Path> entries = new ArrayList<>();
    entries.add(Path.of(classes));
    try {
      String listed = Files.readString(file).trim();
      for (String entry : listed.split(java.io.File.pathSeparator)) {
        if (!entry.isBlank()) {
          entries.add(Path.of(entry));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Run the build first: " + file + " is written by the dependency plugin", e);
    }
    return entries;
  }

  private static String required(String property) {
    String value = System.getProperty(property);
    if (value == null) {
      throw new IllegalStateException(
          "System property " + property + " is not set; run through Maven (see the README)");
    }
    return value;
  }
}
