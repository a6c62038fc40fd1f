package dev.kindling.processor;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.google.testing.compile.Compilation;
import dev.kindling.runtime.internal.Router;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.lang.reflect.Constructor;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.annotation.processing.SupportedAnnotationTypes;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden-file tests: every {@code good/} input compiles without warnings and generates exactly
 * its {@code expected/} files, text for text.
 */
class KindlingProcessorTest {
  private static final Path ORDERS = TestFiles.good().resolve("com/acme/orders/Orders.java");

  static Stream<Path> goodInputs() {
    return TestFiles.javaFiles(TestFiles.good()).stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("goodInputs")
  void generatesTheGoldenSources(Path input) {
    RecordingProcessor kindling = new RecordingProcessor(new KindlingProcessor());

    Compilation compilation = TestFiles.compile(List.of(input), kindling);

    assertSucceededWithoutWarnings(compilation);
    Map<String, String> generated = Goldens.generatedSources(compilation);
    assertOriginateInTheirInput(kindling.created(), generated, input);
    if (Goldens.updating()) {
      Goldens.rewrite(input, generated);
    }
    Map<String, String> expected = Goldens.of(input);
    assertThat(generated.keySet())
        .as("generated files (rerun with %s=true to rewrite the goldens)", Goldens.UPDATE)
        .containsExactlyElementsOf(expected.keySet());
    for (Map.Entry<String, String> golden : expected.entrySet()) {
      assertThat(generated.get(golden.getKey()))
          .as("%s (rerun with %s=true to rewrite the goldens)", golden.getKey(), Goldens.UPDATE)
          .isEqualTo(golden.getValue());
    }
  }

  @Test
  void everyGoldenFileBelongsToExactlyOneGoodInput() {
    List<Path> inputs = TestFiles.javaFiles(TestFiles.good());
    assertThat(inputs).isNotEmpty();
    for (Path golden : TestFiles.javaFiles(TestFiles.expected())) {
      assertThat(inputs.stream().filter(input -> Goldens.isOwnedBy(golden, input)))
          .as("good inputs owning %s", golden)
          .hasSize(1);
    }
  }

  @Test
  void generatedHttpHandlerCompilesAgainstTheRealRuntime() throws Exception {
    assertThat(Router.class.getProtectionDomain().getCodeSource().getLocation().getPath())
        .as("the runtime javac compiles against")
        .containsAnyOf("kindling-runtime", "framework/runtime");

    Compilation compilation = TestFiles.compile(List.of(ORDERS), new KindlingProcessor());

    assertSucceededWithoutWarnings(compilation);
    Class<?> entry = new CompiledClasses(compilation).load("com.acme.orders.Orders_HttpHandler");
    assertThat(RequestStreamHandler.class).isAssignableFrom(entry);
    assertThat(Modifier.isPublic(entry.getModifiers()) && Modifier.isFinal(entry.getModifiers())).isTrue();
    assertThat(entry.getEnclosingClass()).isNull();
    Constructor<?> constructor = entry.getConstructor();
    assertThat(Modifier.isPublic(constructor.getModifiers())).isTrue();
    assertThat(entry.getMethod("handleRequest", InputStream.class, OutputStream.class, Context.class)
            .getDeclaringClass())
        .isEqualTo(entry);
  }

  @Test
  void classWhoseTypesAnotherProcessorGeneratesIsGeneratedInALaterRound() {
    Path input = TestFiles.resources().resolve("deferred/com/acme/late/Reissue.java");

    Compilation compilation = TestFiles.compile(List.of(input), new KindlingProcessor(), new ReceiptWriter());

    assertSucceededWithoutWarnings(compilation);
    assertThat(compilation.generatedSourceFile("com.acme.late.Reissue_ReissueFunctionHandler"))
        .as("generated sources: %s", Goldens.generatedSources(compilation).keySet())
        .isPresent();
  }

  /** Each file names its one bean class as originating element, as isolating processing requires. */
  private static void assertOriginateInTheirInput(
      Map<String, List<String>> created, Map<String, String> generated, Path input) {
    String inputClass =
        TestFiles.good().relativize(input).toString().replace(".java", "").replace(input.getFileSystem().getSeparator(), ".");
    assertThat(created.keySet())
        .containsExactlyInAnyOrderElementsOf(
            generated.keySet().stream().map(path -> path.replace(".java", "").replace('/', '.')).toList());
    assertThat(created)
        .allSatisfy((file, origins) -> assertThat(origins).singleElement().asString().matches(Pattern.quote(inputClass) + "(\\.\\w+)*"));
  }

  static void assertSucceededWithoutWarnings(Compilation compilation) {
    assertThat(compilation.errors()).as("errors").isEmpty();
    assertThat(compilation.warnings()).as("warnings").isEmpty();
    assertThat(compilation.status()).isEqualTo(Compilation.Status.SUCCESS);
  }

  /** Writes {@code com.acme.generated.Receipt} in its first round, as Immutables or Micronaut would. */
  @SupportedAnnotationTypes("jakarta.inject.Singleton")
  static final class ReceiptWriter extends AbstractProcessor {
    private boolean written;

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
      try (Writer out = processingEnv.getFiler().createSourceFile("com.acme.generated.Receipt").openWriter()) {
        out.write("package com.acme.generated;\n\npublic record Receipt(String orderId) {}\n");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return false;
    }
  }

  /** Loads the classes of a compilation, without initializing them. */
  static final class CompiledClasses extends ClassLoader {
    private final Map<String, byte[]> classes = new HashMap<>();

    CompiledClasses(Compilation compilation) throws IOException {
      super(CompiledClasses.class.getClassLoader());
      for (JavaFileObject file : compilation.generatedFiles()) {
        if (file.getKind() == JavaFileObject.Kind.CLASS) {
          String path = file.toUri().getPath();
          String name = path.substring(path.indexOf("/CLASS_OUTPUT/") + "/CLASS_OUTPUT/".length(), path.length() - ".class".length());
          try (InputStream in = file.openInputStream()) {
            classes.put(name.replace('/', '.'), in.readAllBytes());
          }
        }
      }
    }

    Class<?> load(String name) throws ClassNotFoundException {
      assertThat(classes.keySet()).as("compiled classes").contains(name);
      return Class.forName(name, false, this);
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
      byte[] bytes = classes.get(name);
      if (bytes == null) {
        throw new ClassNotFoundException(name);
      }
      return defineClass(name, bytes, 0, bytes.length);
    }
  }
}
