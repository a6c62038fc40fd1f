package dev.kindling.processor;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.testing.compile.Compilation;
import dev.kindling.processor.validation.Rule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.annotation.processing.SupportedAnnotationTypes;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One {@code bad/} input per mistake. Each asserts the exact tagged message and its file and
 * line; the line is the one ending in {@code // expect: <Rule>}.
 */
class KindlingProcessorNegativeTest {
  private static final Pattern MARKER = Pattern.compile("// expect: (\\w+)$");
  private static final String MANY_ERRORS = "ManyErrors.java";
  /** How the module's class path entry is named, as a jar or as a reactor module's classes. */
  private static final String SQS_DEAD_LETTER_MODULE = "sqs-dead-letter";

  /** Rules no user code can trigger. */
  private static final Set<Rule> UNTRIGGERABLE = EnumSet.of(Rule.Internal);

  private static final List<BadCase> CASES =
      List.of(
          bad(Rule.TargetModifiers, "TargetModifiers.java",
              "[Kindling/TargetModifiers] echo(String) is private: a handler method must be a non-private"
                  + " instance method of a concrete class; remove the 'private' modifier"),
          bad(Rule.TargetModifiers, "TargetModifiersStatic.java",
              "[Kindling/TargetModifiers] health() is static: a handler method must be a non-private"
                  + " instance method of a concrete class; remove the 'static' modifier"),
          bad(Rule.TargetClass, "TargetClass.java",
              "[Kindling/TargetClass] Echo cannot hold handlers: it is an inner (non-static) class; make it"
                  + " a concrete, non-private class, top-level or static nested"),
          bad(Rule.TargetClass, "TargetClassAbstract.java",
              "[Kindling/TargetClass] TargetClassAbstract cannot hold handlers: it is abstract; make it a"
                  + " concrete, non-private class, top-level or static nested"),
          bad(Rule.TargetClass, "TargetClassInterface.java",
              "[Kindling/TargetClass] TargetClassInterface cannot hold handlers: it is an interface, not a"
                  + " class; make it a concrete, non-private class, top-level or static nested"),
          bad(Rule.NotABean, "NotABean.java",
              "[Kindling/NotABean] NotABean is not a bean: annotate the class with"
                  + " @jakarta.inject.Singleton so Kindling can obtain it from the bean context"),
          bad(Rule.MultipleHandlers, "MultipleHandlers.java",
              "[Kindling/MultipleHandlers] echo(String) carries @HttpRoute and @FunctionHandler: one"
                  + " method serves one event source; move each annotation to its own method"),
          bad(Rule.FunctionSignature, "FunctionSignature.java",
              "[Kindling/FunctionSignature] charge(Order, String): a @FunctionHandler method takes at most"
                  + " one payload and optionally a Lambda Context; remove parameter 'String note'"),
          bad(Rule.FunctionSignature, "FunctionSignatureBinding.java",
              "[Kindling/FunctionSignature] echo(String): a @FunctionHandler method takes at most one"
                  + " payload and optionally a Lambda Context; remove parameter 'String tenant'"),
          bad(Rule.HttpMethod, "HttpMethod.java",
              "[Kindling/HttpMethod] 'FETCH' is not an HTTP method: use one of GET, POST, PUT, PATCH,"
                  + " DELETE, HEAD, OPTIONS"),
          bad(Rule.HttpPath, "HttpPath.java",
              "[Kindling/HttpPath] 'orders' is not a route path: start it with '/'"),
          bad(Rule.HttpPath, "HttpPathQuery.java",
              "[Kindling/HttpPath] '/orders?status={status}' is not a route path: a route path has no"
                  + " query or fragment; bind query parameters with @QueryParam"),
          bad(Rule.HttpPath, "HttpPathSegment.java",
              "[Kindling/HttpPath] '/orders/order-{id}' is not a route path: segment 'order-{id}' must be"
                  + " a whole variable like {id}"),
          bad(Rule.HttpPath, "HttpPathTrailingSlash.java",
              "[Kindling/HttpPath] '/orders/' is not a route path: an API Gateway route has no empty"
                  + " segment (a trailing or doubled '/'); remove the extra '/'"),
          bad(Rule.HttpPath, "HttpPathEmptySegment.java",
              "[Kindling/HttpPath] '/orders//{id}' is not a route path: an API Gateway route has no empty"
                  + " segment (a trailing or doubled '/'); remove the extra '/'"),
          bad(Rule.HttpStatus, "HttpStatus.java",
              "[Kindling/HttpStatus] status 42 is not a valid HTTP status: use 100..599 (for example 200,"
                  + " 201, 204)"),
          bad(Rule.DuplicateRoute, "DuplicateRoute.java",
              "[Kindling/DuplicateRoute] GET /orders/{orderId} is also routed to find(String): each method"
                  + " and path pair maps to one method; change the path or the method"),
          bad(Rule.PathVariableUnbound, "PathVariableUnbound.java",
              "[Kindling/PathVariableUnbound] path variable {id} of /orders/{id} has no parameter: add a"
                  + " parameter annotated @PathParam(\"id\")"),
          bad(Rule.PathParamUnknown, "PathParamUnknown.java",
              "[Kindling/PathParamUnknown] @PathParam(\"lineId\") names no variable of"
                  + " /orders/{id}/lines/{line}: use one of [id, line], or add {lineId} to the path"),
          bad(Rule.HttpParamType, "HttpParamType.java",
              "[Kindling/HttpParamType] parameter 'tags' has type java.util.List<java.lang.String>, which a"
                  + " query parameter cannot be converted to: use String, int, long, double, boolean,"
                  + " their boxes, UUID or an enum"),
          bad(Rule.HttpBody, "HttpBody.java",
              "[Kindling/HttpBody] create(Order, Note) has more than one body parameter ('order' and"
                  + " 'note'): bind one to the JSON body and annotate the other with @PathParam,"
                  + " @QueryParam or @HeaderParam"),
          bad(Rule.RecordContextParam, "RecordContextParam.java",
              "[Kindling/RecordContextParam] parameter 'record': RecordContext exists only for @SqsHandler,"
                  + " @KinesisHandler and @DynamoDbStreamHandler methods; take"
                  + " com.amazonaws.services.lambda.runtime.Context instead"),
          bad(Rule.SqsSignature, "SqsSignature.java",
              "[Kindling/SqsSignature] charge(ChargeOrder, String): a @SqsHandler method takes the payload"
                  + " and optionally RecordContext or Context, and returns void; remove parameter"
                  + " 'String note'"),
          bad(Rule.SqsSignature, "SqsSignatureReturn.java",
              "[Kindling/SqsSignature] charge(ChargeOrder): a @SqsHandler method takes the payload and"
                  + " optionally RecordContext or Context, and returns void; return void (a returned value"
                  + " would be dropped); throw to fail the record"),
          bad(Rule.KinesisSignature, "KinesisSignature.java",
              "[Kindling/KinesisSignature] click(SQSMessage): a @KinesisHandler method takes the payload and"
                  + " optionally RecordContext or Context, and returns void; 'message' is another source's"
                  + " record type; take KinesisEvent.KinesisEventRecord or your payload type"),
          bad(Rule.DynamoDbSignature, "DynamoDbSignature.java",
              "[Kindling/DynamoDbSignature] changed(DynamodbStreamRecord): a @DynamoDbStreamHandler method"
                  + " takes the payload (an item type or DynamoDbChange<T>) and optionally RecordContext or"
                  + " Context, and returns void; take DynamoDbChange<T> (eventName, keys, old and new image"
                  + " bound to T) instead of DynamodbStreamRecord"),
          bad(Rule.ParallelFifo, "ParallelFifo.java",
              "[Kindling/ParallelFifo] parallel = true with fifo = true would break per-group ordering:"
                  + " remove parallel, or use a standard queue"),
          bad(Rule.BatchSize, "BatchSize.java",
              "[Kindling/BatchSize] batchSize 50 is out of range for a FIFO queue: use 1..10"),
          bad(Rule.BatchingWindow, "BatchingWindow.java",
              "[Kindling/BatchingWindow] SQS requires a batching window when batchSize is above 10: use"
                  + " maxBatchingWindowSeconds 1..300, or a batchSize of at most 10"),
          bad(Rule.BatchingWindow, "BatchingWindowRange.java",
              "[Kindling/BatchingWindow] maxBatchingWindowSeconds 600 is out of range: use"
                  + " maxBatchingWindowSeconds 0..300"),
          bad(Rule.MaxReceiveCount, "MaxReceiveCount.java",
              "[Kindling/MaxReceiveCount] maxReceiveCount 0 is out of range: SQS redrive allows 1..1000"),
          bad(Rule.FifoMaxReceiveCount, "FifoMaxReceiveCount.java",
              "[Kindling/FifoMaxReceiveCount] maxReceiveCount 3 is too low for a FIFO queue: the records held back"
                  + " behind a failed record of their message group use up a receive each time too, and reach the"
                  + " dead-letter queue unprocessed; use 5 or more, or set deadLetterUnprocessable = true"),
          bad(Rule.DeadLetterModule, "DeadLetterModule.java",
              "[Kindling/DeadLetterModule] deadLetterUnprocessable = true sends records to the dead-letter queue"
                  + " with kindling-sqs-dead-letter, which is not on the class path: add the dependency"
                  + " dev.kindling:kindling-sqs-dead-letter")
              .without(SQS_DEAD_LETTER_MODULE),
          bad(Rule.MaxRetryAttempts, "MaxRetryAttempts.java",
              "[Kindling/MaxRetryAttempts] maxRetryAttempts -2 is out of range: use -1 (retry until the"
                  + " record expires) or 0..10000"),
          bad(Rule.StartingPosition, "StartingPosition.java",
              "[Kindling/StartingPosition] startingPosition 'AT_TIMESTAMP' is not valid for a DynamoDB"
                  + " stream: use one of [LATEST, TRIM_HORIZON]"),
          bad(Rule.SourceName, "SourceName.java",
              "[Kindling/SourceName] queue 'orders' is not a valid name: a FIFO queue's name ends with"
                  + " .fifo; name it 'orders.fifo'"),
          bad(Rule.SourceName, "SourceNameFifoLength.java",
              "[Kindling/SourceName] queue 'order-charges-in-the-order-they-were-placed-by-the-customer-at-checkout-time.fifo'"
                  + " is not a valid name: use 1..80 letters, digits, '-' or '_', the .fifo of a FIFO queue included"),
          bad(Rule.SourceName, "SourceNameStream.java",
              "[Kindling/SourceName] stream 'click stream' is not a valid name: use 1..128 letters,"
                  + " digits, '.', '-' or '_'"),
          bad(Rule.IdempotencyKey, "IdempotencyKey.java",
              "[Kindling/IdempotencyKey] 'customerId' is not a property of ChargeOrder: use one of"
                  + " [cents, orderId]"),
          bad(Rule.IdempotencyExpiry, "IdempotencyExpiry.java",
              "[Kindling/IdempotencyExpiry] expiry '1 hour' is not a positive ISO-8601 duration: write it"
                  + " like PT15M, PT1H or P7D"),
          bad(Rule.IdempotentTarget, "IdempotentTarget.java",
              "[Kindling/IdempotentTarget] charge(ChargeOrder): keyOptional applies to @HttpRoute methods,"
                  + " whose default key is the Idempotency-Key header; remove it"),
          bad(Rule.IdempotentTarget, "IdempotentTargetPerCaller.java",
              "[Kindling/IdempotentTarget] quote(Quote): perCaller applies to @HttpRoute methods, whose caller"
                  + " an API Gateway authorizer identifies; remove it"),
          bad(Rule.IdempotentTarget, "IdempotentTargetNoPayload.java",
              "[Kindling/IdempotentTarget] rotateKeys(): the idempotency key is read from the payload, and"
                  + " this method has none; add a payload parameter"),
          bad(Rule.IdempotentTarget, "IdempotentTargetOrphan.java",
              "[Kindling/IdempotentTarget] refund(): @Idempotent guards a handler; add @HttpRoute,"
                  + " @FunctionHandler, @SqsHandler, @KinesisHandler or @DynamoDbStreamHandler, or remove"
                  + " @Idempotent"),
          bad(Rule.PayloadType, "PayloadType.java",
              "[Kindling/PayloadType] com.acme.PayloadType.Order cannot be bound from JSON: it has no"
                  + " no-argument constructor and no @JsonCreator; add one to Order, or make it a record"),
          bad(Rule.PayloadType, "PayloadTypeContainer.java",
              "[Kindling/PayloadType] java.util.List<com.acme.PayloadTypeContainer.Line> cannot be bound from"
                  + " JSON: it has no no-argument constructor and no @JsonCreator; add one to Line, or make it a"
                  + " record"),
          bad(Rule.IdempotencyKey, "IdempotencyKeyJdkMember.java",
              "[Kindling/IdempotencyKey] 'lines.empty' is not a property of Order: 'lines' is a"
                  + " java.util.List<java.lang.String>, which a key path cannot go into; key on properties of"
                  + " classes and records only"),
          bad(Rule.PayloadType, "PayloadTypeInterface.java",
              "[Kindling/PayloadType] com.acme.PayloadTypeInterface.Shape cannot be bound from JSON: it is"
                  + " abstract; bind a concrete class, or add @JsonTypeInfo/@JsonDeserialize to Shape"),
          bad(Rule.GeneratedNameClash, "GeneratedNameClash.java",
              "[Kindling/GeneratedNameClash] charge(long) would generate"
                  + " GeneratedNameClash_ChargeFunctionHandler, which is also generated for"
                  + " charge(String): rename the method or the class"),
          bad(Rule.GeneratedNameClash, "GeneratedNameClashExisting.java",
              "[Kindling/GeneratedNameClash] health() would generate GeneratedNameClashExisting_HttpHandler,"
                  + " which already exists in package com.acme: rename the method or the class"),
          bad(Rule.GeneratedNameClash, "GeneratedNameClashNested.java",
                  "[Kindling/GeneratedNameClash] outer() would generate GeneratedNameClashNested_Inner_HttpHandler,"
                      + " which is also generated for com.acme.GeneratedNameClashNested.Inner.inner(): rename"
                      + " the method or the class")
              .withGenerated("com.acme.GeneratedNameClashNested_Inner_HttpHandler"),
          bad(Rule.GeneratedNameClash, "GeneratedNameClashNestedBatch.java",
                  "[Kindling/GeneratedNameClash] charge(String) would generate"
                      + " GeneratedNameClashNestedBatch_Inner_ChargeSqsHandler, which is also generated for"
                      + " com.acme.GeneratedNameClashNestedBatch.Inner.charge(String): rename the method or the"
                      + " class")
              .withGenerated("com.acme.GeneratedNameClashNestedBatch_Inner_ChargeSqsHandler"),
          bad(Rule.Deferred, "Deferred.java",
                  "[Kindling/Deferred] com.acme.Deferred refers to types that never resolved: check the"
                      + " imports of Deferred")
              .withJavacError("cannot find symbol"));

  static Stream<BadCase> cases() {
    return CASES.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void reportsTheTaggedErrorOnTheMarkedLine(BadCase bad) {
    Path file = TestFiles.bad().resolve(bad.file());

    RecordingProcessor kindling = new RecordingProcessor(new KindlingProcessor());

    Compilation compilation =
        bad.absentModule().isEmpty()
            ? TestFiles.compile(List.of(file), kindling)
            : TestFiles.compileWithout(bad.absentModule(), List.of(file), kindling);

    assertThat(compilation.status()).isEqualTo(Compilation.Status.FAILURE);
    assertThat(kindlingErrors(compilation))
        .containsExactly(new Reported(bad.message(), file, lineMarked(file, bad.rule())));
    assertThat(otherErrors(compilation))
        .as("errors not from Kindling")
        .allSatisfy(error -> assertThat(error).contains(bad.javacError()))
        .hasSize(bad.javacError().isEmpty() ? 0 : 1);
    assertThat(compilation.warnings()).isEmpty();
    assertThat(kindling.created().keySet()).as("files generated").containsExactlyElementsOf(bad.generated());
  }

  @Test
  void reportsEveryErrorOfAClassInOneCompileAndGeneratesNothingForIt() {
    Path file = TestFiles.bad().resolve(MANY_ERRORS);
    RecordingProcessor kindling = new RecordingProcessor(new KindlingProcessor());

    Compilation compilation = TestFiles.compile(List.of(file), kindling);

    assertThat(compilation.status()).isEqualTo(Compilation.Status.FAILURE);
    assertThat(kindlingErrors(compilation))
        .containsExactlyInAnyOrder(
            reported(file, Rule.NotABean,
                "[Kindling/NotABean] ManyErrors is not a bean: annotate the class with"
                    + " @jakarta.inject.Singleton so Kindling can obtain it from the bean context"),
            reported(file, Rule.FunctionSignature,
                "[Kindling/FunctionSignature] status(String, String): a @FunctionHandler method takes at"
                    + " most one payload and optionally a Lambda Context; remove parameter 'String region'"),
            reported(file, Rule.HttpMethod,
                "[Kindling/HttpMethod] 'GRAB' is not an HTTP method: use one of GET, POST, PUT, PATCH,"
                    + " DELETE, HEAD, OPTIONS"),
            reported(file, Rule.PathVariableUnbound,
                "[Kindling/PathVariableUnbound] path variable {id} of /orders/{id} has no parameter: add a"
                    + " parameter annotated @PathParam(\"id\")"),
            reported(file, Rule.HttpStatus,
                "[Kindling/HttpStatus] status 1000 is not a valid HTTP status: use 100..599 (for example"
                    + " 200, 201, 204)"),
            reported(file, Rule.TargetModifiers,
                "[Kindling/TargetModifiers] find(String, Map) is private: a handler method must be a"
                    + " non-private instance method of a concrete class; remove the 'private' modifier"),
            reported(file, Rule.PathParamUnknown,
                "[Kindling/PathParamUnknown] @PathParam(\"orderId\") names no variable of /orders/{id}: use"
                    + " one of [id], or add {orderId} to the path"),
            reported(file, Rule.HttpParamType,
                "[Kindling/HttpParamType] parameter 'filter' has type"
                    + " java.util.Map<java.lang.String,java.lang.String>, which a query parameter cannot be"
                    + " converted to: use String, int, long, double, boolean, their boxes, UUID or an enum"));
    assertThat(otherErrors(compilation)).isEmpty();
    assertThat(kindling.created()).as("files generated").isEmpty();
  }

  @Test
  void aBrokenClassDoesNotStopGenerationForACleanOne() {
    Path clean = TestFiles.good().resolve("com/acme/catalog/Catalog.java");
    RecordingProcessor kindling = new RecordingProcessor(new KindlingProcessor());

    Compilation compilation = TestFiles.compile(List.of(TestFiles.bad().resolve(MANY_ERRORS), clean), kindling);

    assertThat(compilation.status()).isEqualTo(Compilation.Status.FAILURE);
    assertThat(kindlingErrors(compilation)).hasSize(8);
    assertThat(kindling.created())
        .containsOnlyKeys(
            "com.acme.catalog.Catalog_Products_HttpHandler", "com.acme.catalog.Catalog_Products_RepriceFunctionHandler")
        .allSatisfy((file, origins) -> assertThat(origins).containsExactly("com.acme.catalog.Catalog.Products"));
  }

  @Test
  void aFileJavacRefusesToCreateIsATaggedClashAndTheOtherEntriesAreStillWritten() {
    Path catalog = TestFiles.good().resolve("com/acme/catalog/Catalog.java");
    RecordingProcessor kindling = new RecordingProcessor(new KindlingProcessor());

    Compilation compilation =
        TestFiles.compile(List.of(catalog), new SourceWriter("com.acme.catalog.Catalog_Products_HttpHandler"), kindling);

    assertThat(compilation.status()).isEqualTo(Compilation.Status.FAILURE);
    assertThat(kindlingErrors(compilation))
        .containsExactly(
            new Reported(
                "[Kindling/GeneratedNameClash] find(String) would generate Catalog_Products_HttpHandler,"
                    + " which javac could not create (Attempt to recreate a file for type"
                    + " com.acme.catalog.Catalog_Products_HttpHandler): rename the method or the class",
                catalog, lineContaining(catalog, "public Product find(")));
    assertThat(otherErrors(compilation)).isEmpty();
    assertThat(kindling.created().keySet())
        .as("files generated")
        .containsExactly("com.acme.catalog.Catalog_Products_RepriceFunctionHandler");
  }

  @Test
  void everyRuleUserCodeCanBreakHasABadCase() {
    Set<Rule> missing = EnumSet.complementOf(EnumSet.copyOf(UNTRIGGERABLE));
    CASES.forEach(bad -> missing.remove(bad.rule()));

    assertThat(missing).as("rules without a bad/ case").isEmpty();
    assertThat(CASES).extracting(BadCase::rule).doesNotContainAnyElementsOf(UNTRIGGERABLE);
  }

  @Test
  void everyMarkerInBadFilesIsAsserted() {
    Set<String> asserted = new TreeSet<>();
    CASES.forEach(bad -> asserted.add(bad.file() + " " + bad.rule()));
    for (Rule rule : List.of(
        Rule.NotABean, Rule.FunctionSignature, Rule.HttpMethod, Rule.PathVariableUnbound,
        Rule.HttpStatus, Rule.TargetModifiers, Rule.PathParamUnknown, Rule.HttpParamType)) {
      asserted.add(MANY_ERRORS + " " + rule);
    }

    Set<String> marked = new TreeSet<>();
    for (Path file : TestFiles.javaFiles(TestFiles.bad())) {
      for (String line : TestFiles.read(file).lines().collect(Collectors.toList())) {
        Matcher marker = MARKER.matcher(line);
        if (marker.find()) {
          marked.add(file.getFileName() + " " + marker.group(1));
        }
      }
    }

    assertThat(marked).isEqualTo(asserted);
  }

  /** The line of {@code file} that ends in {@code // expect: <rule>}. */
  private static long lineMarked(Path file, Rule rule) {
    List<String> lines = TestFiles.read(file).lines().collect(Collectors.toList());
    List<Long> found = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      Matcher marker = MARKER.matcher(lines.get(i));
      if (marker.find() && marker.group(1).equals(rule.name())) {
        found.add(i + 1L);
      }
    }
    assertThat(found).as("lines of %s marked '// expect: %s'", file.getFileName(), rule).hasSize(1);
    return found.get(0);
  }

  private static long lineContaining(Path file, String text) {
    List<String> lines = TestFiles.read(file).lines().collect(Collectors.toList());
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains(text)) {
        return i + 1L;
      }
    }
    throw new AssertionError(file + " has no line containing " + text);
  }

  private static Reported reported(Path file, Rule rule, String message) {
    return new Reported(message, file, lineMarked(file, rule));
  }

  private static List<Reported> kindlingErrors(Compilation compilation) {
    return compilation.errors().stream()
        .filter(error -> error.getMessage(Locale.ROOT).startsWith("[Kindling/"))
        .map(Reported::of)
        .collect(Collectors.toList());
  }

  private static List<String> otherErrors(Compilation compilation) {
    return compilation.errors().stream()
        .map(error -> error.getMessage(Locale.ROOT))
        .filter(message -> !message.startsWith("[Kindling/"))
        .collect(Collectors.toList());
  }

  private static BadCase bad(Rule rule, String file, String message) {
    return new BadCase(rule, file, message, "", List.of(), "");
  }

  /** Writes one source file of the given name in its first round, as another processor might. */
  @SupportedAnnotationTypes("*")
  static final class SourceWriter extends AbstractProcessor {
    private final String name;
    private boolean written;

    SourceWriter(String name) {
      this.name = name;
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
      return SourceVersion.latestSupported();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
      if (written) {
        return false;
      }
      written = true;
      int dot = name.lastIndexOf('.');
      try (Writer out = processingEnv.getFiler().createSourceFile(name).openWriter()) {
        out.write("package " + name.substring(0, dot) + ";\n\nclass " + name.substring(dot + 1) + " {}\n");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return false;
    }
  }

  /**
   * A {@code bad/} file and the one Kindling error it must produce.
   *
   * @param javacError text of the one error javac itself reports too, or empty for none
   * @param generated the entries still written, for clean beans beside the broken one
   * @param absentModule a module left off the class path for this case, or empty for none
   */
  record BadCase(
      Rule rule, String file, String message, String javacError, List<String> generated, String absentModule) {
    BadCase withJavacError(String error) {
      return new BadCase(rule, file, message, error, generated, absentModule);
    }

    BadCase withGenerated(String... entries) {
      return new BadCase(rule, file, message, javacError, List.of(entries), absentModule);
    }

    BadCase without(String module) {
      return new BadCase(rule, file, message, javacError, generated, module);
    }

    @Override
    public String toString() {
      return rule + " in " + file;
    }
  }

  /** A diagnostic reduced to what the tests assert. */
  record Reported(String message, Path file, long line) {
    static Reported of(Diagnostic<? extends JavaFileObject> diagnostic) {
      JavaFileObject source = diagnostic.getSource();
      return new Reported(
          diagnostic.getMessage(Locale.ROOT),
          source == null ? null : Path.of(source.toUri()),
          diagnostic.getLineNumber());
    }
  }
}
