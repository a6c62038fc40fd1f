package dev.kindling.bench.harness;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One way of writing the benchmark function: a Maven module under {@code benchmarks/} whose
 * {@code target/function.jar} and {@code target/bench-classpath.txt} (its runtime dependencies, written by
 * maven-dependency-plugin at package time) make up the whole class path of its child JVM.
 *
 * @param key            a letter, the same in every suite
 * @param label          what the table shows
 * @param module         the module directory under {@code benchmarks/}
 * @param handler        the Lambda handler string
 * @param dynamoDbLocal  whether the function talks to DynamoDB Local (its idempotency store), which the harness
 *                       then starts and points it at
 */
public record Variant(String key, String label, String module, String handler, boolean dynamoDbLocal) {

  static final Variant HAND_WRITTEN = new Variant("a", "hand-written RequestStreamHandler", "handwritten",
      "dev.kindling.bench.handwritten.GreetingHandler::handleRequest", false);
  static final Variant KINDLING = new Variant("b", "Kindling @FunctionHandler", "kindling",
      "dev.kindling.bench.kindling.GreetingFunction_GreetFunctionHandler::handleRequest", false);
  static final Variant MICRONAUT = new Variant("c", "Micronaut MicronautRequestHandler", "micronaut",
      "dev.kindling.bench.micronaut.GreetingRequestHandler", false);
  static final Variant IDEMPOTENT_IN_MEMORY = new Variant("d", "Kindling @Idempotent, in-memory store", "idempotent",
      "dev.kindling.bench.idempotent.IdempotentGreeting_GreetFunctionHandler::handleRequest", false);
  static final Variant IDEMPOTENT_DYNAMODB = new Variant("e", "Kindling @Idempotent, DynamoDB store",
      "idempotent-dynamodb", IDEMPOTENT_IN_MEMORY.handler(), true);

  /** Jars that the managed runtime itself provides (from /var/runtime/lib), placed first as Lambda does. */
  private static final List<String> RUNTIME_JAR_PREFIXES = List.of(
      "aws-lambda-java-runtime-interface-client-", "aws-lambda-java-serialization-", "aws-lambda-java-core-",
      "utils-lite-");

  /**
   * The child JVM's class path: the runtime interface client and its libraries, then the function's jar, then
   * the function's other runtime dependencies. Nothing from any other variant, no test or benchmark library.
   */
  public List<Path> classpath(Path benchmarksDir) throws IOException {
    Path target = benchmarksDir.resolve(module).resolve("target");
    Path jar = target.resolve("function.jar");
    Path dependencies = target.resolve("bench-classpath.txt");
    if (!Files.isRegularFile(jar) || !Files.isRegularFile(dependencies)) {
      throw new IllegalStateException("Variant " + key + " is not packaged (" + jar + ", " + dependencies
          + "): build with mvn -pl benchmarks/harness -am -Pbench verify");
    }
    List<Path> runtime = new ArrayList<>();
    List<Path> function = new ArrayList<>();
    function.add(jar);
    String text = Files.readString(dependencies, StandardCharsets.UTF_8).trim();
    for (String entry : text.split(File.pathSeparator)) {
      if (entry.isBlank()) {
        continue;
      }
      Path path = Path.of(entry.trim());
      String name = path.getFileName().toString();
      if (RUNTIME_JAR_PREFIXES.stream().anyMatch(name::startsWith)) {
        runtime.add(path);
      } else {
        function.add(path);
      }
    }
    if (runtime.stream().noneMatch(p -> p.getFileName().toString().startsWith(RUNTIME_JAR_PREFIXES.get(0)))) {
      throw new IllegalStateException("Variant " + key + " has no runtime interface client on its class path");
    }
    for (Path path : function) {
      if (!Files.isRegularFile(path)) {
        throw new IllegalStateException("Variant " + key + ": class path entry is not a jar: " + path
            + " (JDK 25 AOT caches need jars; build through 'package')");
      }
    }
    List<Path> all = new ArrayList<>(runtime);
    all.addAll(function);
    return all;
  }
}
