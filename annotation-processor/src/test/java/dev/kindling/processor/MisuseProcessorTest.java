package dev.kindling.processor;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Annotations placed or combined in unusual ways: each is a tagged error on the exact element, or
 * compiles when it is legitimate (a generic envelope, an array of bindable types).
 */
class MisuseProcessorTest {
  private record Error(long line, String message) {}

  private static Compilation compile(String name, String... lines) {
    JavaFileObject source = JavaFileObjects.forSourceLines(name, lines);
    return Compiler.javac().withOptions(TestFiles.JAVAC_OPTIONS).withProcessors(new KindlingProcessor()).compile(source);
  }

  private static List<Error> kindling(Compilation compilation) {
    List<Error> errors = new ArrayList<>();
    for (Diagnostic<? extends JavaFileObject> d : compilation.errors()) {
      String message = d.getMessage(Locale.ROOT);
      if (message.startsWith("[Kindling/")) {
        errors.add(new Error(d.getLineNumber(), message));
      }
    }
    return errors;
  }



  @Test
  void aHandlerAnnotationOnAConstructorIsACompileErrorOnIt() {
    Compilation c = compile("com.acme.Ctor",
        "package com.acme;",
        "import dev.kindling.annotation.HttpRoute;",
        "import jakarta.inject.Singleton;",
        "@Singleton",
        "public class Ctor {",
        "  @HttpRoute(method = \"GET\", path = \"/x\")",
        "  public Ctor() {}",
        "}");
    assertThat(c.status()).isEqualTo(Compilation.Status.FAILURE);
    assertThat(c.errors()).anySatisfy(d -> assertThat(d.getLineNumber()).isIn(6L, 7L));
  }

  @Test
  void aGenericMethodPayloadIsATaggedPayloadTypeErrorOnTheParameter() {
    Compilation c = compile("com.acme.Generic",
        "package com.acme;",
        "import dev.kindling.annotation.FunctionHandler;",
        "import dev.kindling.annotation.HttpRoute;",
        "import jakarta.inject.Singleton;",
        "@Singleton",
        "public class Generic {",
        "  @HttpRoute(method = \"POST\", path = \"/echo\")",
        "  public <T> String echo(T body) { return \"x\"; }",
        "  @FunctionHandler",
        "  public <T extends CharSequence> T quote(T in) { return in; }",
        "}");
    assertThat(kindling(c)).extracting(Error::line).containsExactlyInAnyOrder(8L, 10L);
    assertThat(kindling(c)).allSatisfy(e -> assertThat(e.message()).startsWith("[Kindling/PayloadType]"));
  }

  /** design.md §4: "payload type Jackson cannot bind (no creator)". An array or a list of one is no different. */
  @Test
  void containersOfTypesJacksonCannotBindAreTaggedPayloadTypeErrors() {
    Compilation c = compile("com.acme.Containers",
        "package com.acme;",
        "import dev.kindling.annotation.FunctionHandler;",
        "import dev.kindling.annotation.HttpRoute;",
        "import dev.kindling.annotation.SqsHandler;",
        "import jakarta.inject.Singleton;",
        "import java.util.List;",
        "import java.util.Map;",
        "import java.util.Optional;",
        "@Singleton",
        "public class Containers {",
        "  public interface Shape { double area(); }",
        "  public static final class NoCreator { public NoCreator(String a, String b) {} }",
        "  @FunctionHandler",
        "  public int shapes(Shape[] shapes) { return shapes.length; }",           // 14
        "  @FunctionHandler",
        "  public int list(List<Shape> shapes) { return shapes.size(); }",          // 16
        "  @HttpRoute(method = \"POST\", path = \"/m\")",
        "  public int map(Map<String, NoCreator> items) { return items.size(); }",  // 18
        "  @HttpRoute(method = \"POST\", path = \"/o\")",
        "  public int maybe(Optional<NoCreator> item) { return 1; }",               // 20
        "  @SqsHandler(queue = \"q\")",
        "  public void queued(List<NoCreator> items) {}",                           // 22
        "}");
    assertThat(kindling(c)).extracting(Error::line).containsExactlyInAnyOrder(14L, 16L, 18L, 20L, 22L);
  }

  @Test
  void anEnumOrArrayPayloadOfBindableTypesCompiles() {
    Compilation c = compile("com.acme.Fine",
        "package com.acme;",
        "import dev.kindling.annotation.FunctionHandler;",
        "import jakarta.inject.Singleton;",
        "@Singleton",
        "public class Fine {",
        "  public enum Color { RED }",
        "  public record Line(String sku) {}",
        "  @FunctionHandler",
        "  public String color(Color c) { return c.name(); }",
        "  @FunctionHandler",
        "  public int lines(Line[] lines) { return lines.length; }",
        "}");
    assertThat(c.status()).isEqualTo(Compilation.Status.SUCCESS);
  }

  @Test
  void aPathParamOnABodyTypeIsAnHttpParamTypeErrorOnTheParameter() {
    Compilation c = compile("com.acme.PathBody",
        "package com.acme;",
        "import dev.kindling.annotation.HttpRoute;",
        "import dev.kindling.annotation.PathParam;",
        "import jakarta.inject.Singleton;",
        "@Singleton",
        "public class PathBody {",
        "  public record Order(String id) {}",
        "  @HttpRoute(method = \"GET\", path = \"/orders/{order}\")",
        "  public String find(@PathParam Order order) { return \"x\"; }",
        "}");
    assertThat(kindling(c)).containsExactly(new Error(9,
        "[Kindling/HttpParamType] parameter 'order' has type com.acme.PathBody.Order, which a path variable cannot be"
            + " converted to: use String, int, long, double, boolean, their boxes, UUID or an enum"));
  }

  @Test
  void routesDifferingOnlyInVariableNamesAndMethodCaseAreDuplicates() {
    Compilation c = compile("com.acme.Dup",
        "package com.acme;",
        "import dev.kindling.annotation.HttpRoute;",
        "import dev.kindling.annotation.PathParam;",
        "import jakarta.inject.Singleton;",
        "@Singleton",
        "public class Dup {",
        "  @HttpRoute(method = \"get\", path = \"/a/{x}/b/{y}\")",
        "  public String one(@PathParam String x, @PathParam String y) { return \"1\"; }",
        "  @HttpRoute(method = \" GET \", path = \"/a/{p}/b/{q}\")",
        "  public String two(@PathParam String p, @PathParam String q) { return \"2\"; }",
        "}");
    assertThat(kindling(c)).extracting(Error::message).singleElement().asString().startsWith("[Kindling/DuplicateRoute]");
  }

  @Test
  void anIdempotencyKeyNamingAMethodWithParametersIsAnError() {
    Compilation c = compile("com.acme.KeyMethod",
        "package com.acme;",
        "import dev.kindling.annotation.FunctionHandler;",
        "import dev.kindling.annotation.Idempotent;",
        "import jakarta.inject.Singleton;",
        "@Singleton",
        "public class KeyMethod {",
        "  public static class Charge { public String getId(int version) { return \"x\" + version; } }",
        "  @FunctionHandler",
        "  @Idempotent(key = \"id\")",
        "  public String charge(Charge charge) { return \"x\"; }",
        "}");
    assertThat(kindling(c)).extracting(Error::message).singleElement().asString().startsWith("[Kindling/IdempotencyKey] 'id'");
    assertThat(kindling(c)).extracting(Error::line).containsExactly(9L);
  }

  @Test
  void keyPathsThroughAMapOrAListAreErrorsThatDoNotSuggestCollectionMethods() {
    Compilation c = compile("com.acme.KeyPaths",
        "package com.acme;",
        "import dev.kindling.annotation.FunctionHandler;",
        "import dev.kindling.annotation.Idempotent;",
        "import jakarta.inject.Singleton;",
        "import java.util.List;",
        "import java.util.Map;",
        "@Singleton",
        "public class KeyPaths {",
        "  public record Line(String sku) {}",
        "  public record Order(Map<String, String> attributes, List<Line> lines) {}",
        "  @FunctionHandler",
        "  @Idempotent(key = \"attributes.tenant\")",
        "  public String byMap(Order order) { return \"x\"; }",
        "  @FunctionHandler",
        "  @Idempotent(key = \"lines.sku\")",
        "  public String byList(Order order) { return \"x\"; }",
        "}");
    assertThat(kindling(c)).extracting(Error::line).containsExactlyInAnyOrder(12L, 15L);
    assertThat(kindling(c)).allSatisfy(e -> assertThat(e.message()).doesNotContain("[empty]"));
  }

  /** "Key: property paths on the payload, resolved and type-checked at compile time." */
  @Test
  void aKeyThatIsACollectionsIsEmptyFlagIsRejected() {
    Compilation c = compile("com.acme.KeyFlag",
        "package com.acme;",
        "import dev.kindling.annotation.SqsHandler;",
        "import dev.kindling.annotation.Idempotent;",
        "import jakarta.inject.Singleton;",
        "import java.util.List;",
        "@Singleton",
        "public class KeyFlag {",
        "  public record Order(String orderId, List<String> lines) {}",
        "  @SqsHandler(queue = \"orders\")",
        "  @Idempotent(key = \"lines.empty\")",
        "  public void charge(Order order) {}",
        "}");
    assertThat(kindling(c)).as("a boolean key shared by every order with lines").isNotEmpty();
  }

  /** A generic envelope is a normal Jackson payload; its key path resolves through the type argument. */
  @Test
  void aKeyPathThroughAGenericEnvelopeResolves() {
    Compilation c = compile("com.acme.Envelopes",
        "package com.acme;",
        "import dev.kindling.annotation.SqsHandler;",
        "import dev.kindling.annotation.Idempotent;",
        "import jakarta.inject.Singleton;",
        "@Singleton",
        "public class Envelopes {",
        "  public record Charge(String orderId) {}",
        "  public record Envelope<T>(String type, T body) {}",
        "  @SqsHandler(queue = \"orders\")",
        "  @Idempotent(key = \"body.orderId\")",
        "  public void charge(Envelope<Charge> envelope) {}",
        "}");
    assertThat(kindling(c)).isEmpty();
    assertThat(c.status()).isEqualTo(Compilation.Status.SUCCESS);
  }
}
