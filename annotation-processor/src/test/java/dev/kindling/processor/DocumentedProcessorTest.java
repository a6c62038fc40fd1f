package dev.kindling.processor;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import javax.annotation.processing.Processor;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * The README's processor promises: generated-name clashes are tagged errors
 * on the element, and misconfigured annotations are tagged errors on the exact element that say how
 * to fix them.
 */
class DocumentedProcessorTest {
  private static final String CLASH = "[Kindling/GeneratedNameClash]";

  private static JavaFileObject source(String name, String... lines) {
    return JavaFileObjects.forSourceLines(name, lines);
  }

  private static Compilation compile(List<Processor> processors, JavaFileObject... sources) {
    return Compiler.javac().withOptions(TestFiles.JAVAC_OPTIONS).withProcessors(processors).compile(sources);
  }

  private static Compilation compile(JavaFileObject... sources) {
    return compile(List.of(new KindlingProcessor()), sources);
  }

  private record Error(String file, long line, String message) {}

  private static List<Error> kindlingErrors(Compilation compilation) {
    List<Error> errors = new ArrayList<>();
    for (Diagnostic<? extends JavaFileObject> d : compilation.errors()) {
      String message = d.getMessage(Locale.ROOT);
      if (message.startsWith("[Kindling/")) {
        String file = d.getSource() == null ? "" : d.getSource().getName();
        errors.add(new Error(file.substring(file.lastIndexOf('/') + 1), d.getLineNumber(), message));
      }
    }
    return errors;
  }

  private static List<String> otherErrors(Compilation compilation) {
    return compilation.errors().stream().map(d -> d.getMessage(Locale.ROOT)).filter(m -> !m.startsWith("[Kindling/"))
        .collect(Collectors.toList());
  }

  private static List<String> generated(Compilation compilation) {
    return compilation.generatedSourceFiles().stream().map(JavaFileObject::getName).sorted().collect(Collectors.toList());
  }

  private static final JavaFileObject OUTER_NESTED_BATCH = source("com.acme.Outer",
      "package com.acme;",
      "import dev.kindling.annotation.SqsHandler;",
      "import jakarta.inject.Singleton;",
      "public class Outer {",
      "  @Singleton",
      "  public static class Inner {",
      "    @SqsHandler(queue = \"charges\")",
      "    public void charge(String orderId) {}",
      "  }",
      "}");

  private static final JavaFileObject OUTER_TOP_LEVEL_BATCH = source("com.acme.Outer_Inner",
      "package com.acme;",
      "import dev.kindling.annotation.SqsHandler;",
      "import jakarta.inject.Singleton;",
      "@Singleton",
      "public class Outer_Inner {",
      "  @SqsHandler(queue = \"refunds\")",
      "  public void charge(String orderId) {}",
      "}");

  @Test
  void nestedAndTopLevelBatchBeansInTwoFilesClashOnOneMethod() {
    for (List<JavaFileObject> order : List.of(
        List.of(OUTER_NESTED_BATCH, OUTER_TOP_LEVEL_BATCH), List.of(OUTER_TOP_LEVEL_BATCH, OUTER_NESTED_BATCH))) {
      RecordingProcessor kindling = new RecordingProcessor(new KindlingProcessor());
      Compilation compilation = compile(List.of(kindling), order.toArray(JavaFileObject[]::new));
      assertThat(compilation.status()).isEqualTo(Compilation.Status.FAILURE);
      List<Error> errors = kindlingErrors(compilation);
      assertThat(errors).hasSize(1);
      Error error = errors.get(0);
      assertThat(error.message()).startsWith(CLASH).contains("Outer_Inner_ChargeSqsHandler")
          .contains("rename the method or the class");
      boolean onNested = error.file().equals("Outer.java") && error.line() == 8;
      boolean onTopLevel = error.file().equals("Outer_Inner.java") && error.line() == 7;
      assertThat(onNested || onTopLevel).as("on a charge method: " + error).isTrue();
      assertThat(otherErrors(compilation)).as("javac's own errors (duplicate class...)").isEmpty();
      assertThat(kindling.created()).containsOnlyKeys("com.acme.Outer_Inner_ChargeSqsHandler");
    }
  }

  @Test
  void nestedAndTopLevelClashAlsoWithMicronautsProcessor() {
    List<Processor> processors = ProcessorCoexistenceTest.discoveredProcessors();
    Compilation compilation = compile(processors, OUTER_NESTED_BATCH, OUTER_TOP_LEVEL_BATCH);
    assertThat(kindlingErrors(compilation)).hasSize(1).allSatisfy(e -> assertThat(e.message()).startsWith(CLASH));
    assertThat(otherErrors(compilation)).isEmpty();
  }

  @Test
  void httpAndFunctionEntriesOfNestedAndTopLevelBeansClash() {
    Compilation compilation = compile(
        source("com.acme.Api",
            "package com.acme;",
            "import dev.kindling.annotation.FunctionHandler;",
            "import dev.kindling.annotation.HttpRoute;",
            "import jakarta.inject.Singleton;",
            "public class Api {",
            "  @Singleton",
            "  public static class V1 {",
            "    @HttpRoute(method = \"GET\", path = \"/a\")",
            "    public String a() { return \"a\"; }",
            "    @FunctionHandler",
            "    public String quote(String in) { return in; }",
            "  }",
            "}"),
        source("com.acme.Api_V1",
            "package com.acme;",
            "import dev.kindling.annotation.FunctionHandler;",
            "import dev.kindling.annotation.HttpRoute;",
            "import jakarta.inject.Singleton;",
            "@Singleton",
            "public class Api_V1 {",
            "  @HttpRoute(method = \"GET\", path = \"/b\")",
            "  public String b() { return \"b\"; }",
            "  @FunctionHandler",
            "  public String quote(String in) { return in; }",
            "}"));
    assertThat(kindlingErrors(compilation)).extracting(Error::message)
        .hasSize(2)
        .allSatisfy(m -> assertThat(m).startsWith(CLASH))
        .anySatisfy(m -> assertThat(m).contains("Api_V1_HttpHandler"))
        .anySatisfy(m -> assertThat(m).contains("Api_V1_QuoteFunctionHandler"));
    assertThat(otherErrors(compilation)).isEmpty();
  }

  @Test
  void threeWayAndMethodNameClashesAreEachTagged() {
    Compilation compilation = compile(
        source("com.acme.A",
            "package com.acme;",
            "import dev.kindling.annotation.SqsHandler;",
            "import jakarta.inject.Singleton;",
            "public class A {",
            "  public static class B {",
            "    @Singleton",
            "    public static class C {",
            "      @SqsHandler(queue = \"q\")",
            "      public void run(String s) {}",
            "    }",
            "  }",
            "  @Singleton",
            "  public static class B_C {",
            "    @SqsHandler(queue = \"q\")",
            "    public void run(String s) {}",
            "  }",
            "}"),
        source("com.acme.A_B",
            "package com.acme;",
            "import dev.kindling.annotation.SqsHandler;",
            "import jakarta.inject.Singleton;",
            "public class A_B {",
            "  @Singleton",
            "  public static class C {",
            "    @SqsHandler(queue = \"q\")",
            "    public void run(String s) {}",
            "  }",
            "}"),
        source("com.acme.A_B_C",
            "package com.acme;",
            "import dev.kindling.annotation.SqsHandler;",
            "import jakarta.inject.Singleton;",
            "@Singleton",
            "public class A_B_C {",
            "  @SqsHandler(queue = \"q\")",
            "  public void run(String s) {}",
            "  @SqsHandler(queue = \"q\")",
            "  public void Run(Integer s) {}",
            "}"),
        source("com.acme.Mixed",
            "package com.acme;",
            "import dev.kindling.annotation.SqsHandler;",
            "import jakarta.inject.Singleton;",
            "@Singleton",
            "public class Mixed {",
            "  @SqsHandler(queue = \"q\")",
            "  public void b_Charge(String s) {}",
            "  @Singleton",
            "  public static class B {",
            "    @SqsHandler(queue = \"q\")",
            "    public void charge(String s) {}",
            "  }",
            "}"));
    List<Error> errors = kindlingErrors(compilation);
    // A_B_C_RunSqsHandler: 5 candidates, 4 clashes; Mixed_B_ChargeSqsHandler: 2 candidates, 1 clash.
    assertThat(errors).as(errors.toString()).hasSize(5).allSatisfy(e -> assertThat(e.message()).startsWith(CLASH));
    assertThat(otherErrors(compilation)).isEmpty();
  }

  @Test
  void aUserClassWithTheGeneratedNameIsAClashOnTheMethod() {
    Compilation compilation = compile(
        source("com.acme.Orders",
            "package com.acme;",
            "import dev.kindling.annotation.SqsHandler;",
            "import jakarta.inject.Singleton;",
            "@Singleton",
            "public class Orders {",
            "  @SqsHandler(queue = \"charges\")",
            "  public void charge(String orderId) {}",
            "}"),
        source("com.acme.Orders_ChargeSqsHandler",
            "package com.acme;",
            "public class Orders_ChargeSqsHandler {}"));
    assertThat(kindlingErrors(compilation)).containsExactly(new Error("Orders.java", 7,
        "[Kindling/GeneratedNameClash] charge(String) would generate Orders_ChargeSqsHandler, which already exists in"
            + " package com.acme: rename the method or the class"));
    assertThat(otherErrors(compilation)).isEmpty();
  }

  // --- misconfiguration: tagged, on the exact element, saying how to fix ---

  @Test
  void fifoMaxReceiveCountBelowFiveIsAnErrorOnTheValueUnlessDeadLetterUnprocessable() {
    Compilation compilation = compile(source("com.acme.Fifo",
        "package com.acme;",
        "import dev.kindling.annotation.SqsHandler;",
        "import jakarta.inject.Singleton;",
        "@Singleton",
        "public class Fifo {",
        "  @SqsHandler(",
        "      queue = \"a.fifo\",",
        "      fifo = true,",
        "      maxReceiveCount = 4)",
        "  public void a(String s) {}",
        "  @SqsHandler(queue = \"b.fifo\", fifo = true, maxReceiveCount = 1, deadLetterUnprocessable = true)",
        "  public void b(String s) {}",
        "  @SqsHandler(queue = \"c.fifo\", fifo = true)",
        "  public void c(String s) {}",
        "  @SqsHandler(queue = \"d\", maxReceiveCount = 1)",
        "  public void d(String s) {}",
        "}"));
    assertThat(kindlingErrors(compilation)).containsExactly(new Error("Fifo.java", 9,
        "[Kindling/FifoMaxReceiveCount] maxReceiveCount 4 is too low for a FIFO queue: the records held back behind a"
            + " failed record of their message group use up a receive each time too, and reach the dead-letter queue"
            + " unprocessed; use 5 or more, or set deadLetterUnprocessable = true"));
  }

  @Test
  void everyMisconfiguredSqsOptionIsReportedOnItsOwnLineInOneCompile() {
    Compilation compilation = compile(source("com.acme.Bad",
        "package com.acme;",
        "import dev.kindling.annotation.SqsHandler;",
        "import jakarta.inject.Singleton;",
        "@Singleton",
        "public class Bad {",
        "  @SqsHandler(",
        "      queue = \"orders\",",
        "      fifo = true,",
        "      batchSize = 11,",
        "      maxBatchingWindowSeconds = 301,",
        "      maxReceiveCount = 1001,",
        "      parallel = true)",
        "  public void charge(String s) {}",
        "}"));
    List<Error> errors = kindlingErrors(compilation);
    assertThat(errors).extracting(Error::line).containsExactlyInAnyOrder(7L, 9L, 10L, 11L, 12L);
    assertThat(errors).allSatisfy(e -> assertThat(e.message()).matches("\\[Kindling/\\w+\\] .*: .*"));
  }

  /** SQS: "A FIFO queue name must end with the .fifo suffix. The suffix counts towards the 80-character limit." */
  @Test
  void aFifoQueueNameLongerThanEightyCharactersIsInvalid() {
    String name = "q".repeat(80) + ".fifo";
    Compilation compilation = compile(source("com.acme.LongName",
        "package com.acme;",
        "import dev.kindling.annotation.SqsHandler;",
        "import jakarta.inject.Singleton;",
        "@Singleton",
        "public class LongName {",
        "  @SqsHandler(queue = \"" + name + "\", fifo = true)",
        "  public void charge(String s) {}",
        "}"));
    assertThat(kindlingErrors(compilation)).extracting(Error::message)
        .as("queue '" + name + "' (85 characters)")
        .anySatisfy(m -> assertThat(m).startsWith("[Kindling/SourceName] queue '" + name + "' is not a valid name"));
  }
}
