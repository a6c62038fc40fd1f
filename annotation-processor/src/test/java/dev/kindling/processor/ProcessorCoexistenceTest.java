package dev.kindling.processor;

import static dev.kindling.processor.KindlingProcessorTest.assertSucceededWithoutWarnings;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.testing.compile.Compilation;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.annotation.processing.SupportedAnnotationTypes;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;
import org.junit.jupiter.api.Test;

/**
 * Kindling runs beside micronaut-inject-java in one javac, as in every user build: both find their
 * processors through {@code META-INF/services}, and Kindling leaves its annotations unclaimed.
 */
class ProcessorCoexistenceTest {
  private static final String MICRONAUT_BEAN_PROCESSOR = "io.micronaut.annotation.processing.BeanDefinitionInjectProcessor";
  private static final Path ORDERS = TestFiles.good().resolve("com/acme/orders/Orders.java");
  private static final Path BILLING = TestFiles.good().resolve("com/acme/billing/Billing.java");

  @Test
  void kindlingAndMicronautBothGenerateTheirCodeInOneCompile() {
    List<Processor> processors = discoveredProcessors();
    assertThat(processors)
        .extracting(processor -> processor.getClass().getName())
        .contains(KindlingProcessor.class.getName(), MICRONAUT_BEAN_PROCESSOR);

    Compilation compilation = TestFiles.compile(List.of(ORDERS, BILLING), processors.toArray(Processor[]::new));

    assertSucceededWithoutWarnings(compilation);
    assertThat(Goldens.generatedSources(compilation))
        .as("Kindling's output is the same as when it runs alone")
        .containsAllEntriesOf(Goldens.of(ORDERS))
        .containsAllEntriesOf(Goldens.of(BILLING))
        .hasSize(Goldens.of(ORDERS).size() + Goldens.of(BILLING).size());
    assertThat(classFiles(compilation))
        .as("Micronaut's bean definitions")
        .contains("com/acme/orders/$Orders$Definition.class", "com/acme/billing/$Billing$Definition.class");
  }

  @Test
  void kindlingLeavesItsAnnotationsToTheProcessorsAfterIt() {
    AnnotationsSeen after = new AnnotationsSeen();

    Compilation compilation =
        TestFiles.compile(List.of(ORDERS, BILLING), new KindlingProcessor(), after, micronautBeanProcessor());

    assertSucceededWithoutWarnings(compilation);
    List<String> kindlingAnnotationsInUse =
        List.of("dev.kindling.annotation.HttpRoute", "dev.kindling.annotation.FunctionHandler");
    assertThat(new KindlingProcessor().getSupportedAnnotationTypes()).containsAll(kindlingAnnotationsInUse);
    assertThat(after.seen).containsAll(kindlingAnnotationsInUse).contains("jakarta.inject.Singleton");
    assertThat(classFiles(compilation)).contains("com/acme/orders/$Orders$Definition.class");
  }

  /** The processors javac would find on this class path, Kindling's among them. */
  static List<Processor> discoveredProcessors() {
    List<Processor> processors = new ArrayList<>();
    for (Processor processor : ServiceLoader.load(Processor.class, ProcessorCoexistenceTest.class.getClassLoader())) {
      processors.add(processor);
    }
    return processors;
  }

  private static Processor micronautBeanProcessor() {
    return discoveredProcessors().stream()
        .filter(processor -> processor.getClass().getName().equals(MICRONAUT_BEAN_PROCESSOR))
        .findFirst()
        .orElseThrow();
  }

  private static Set<String> classFiles(Compilation compilation) {
    return compilation.generatedFiles().stream()
        .filter(file -> file.getKind() == JavaFileObject.Kind.CLASS)
        .map(file -> file.toUri().getPath())
        .map(path -> path.substring(path.indexOf(StandardLocation.CLASS_OUTPUT.getName()) + StandardLocation.CLASS_OUTPUT.getName().length() + 1))
        .collect(Collectors.toCollection(TreeSet::new));
  }

  /** Records every annotation javac still offers it, i.e. those no earlier processor claimed. */
  @SupportedAnnotationTypes("*")
  static final class AnnotationsSeen extends AbstractProcessor {
    final Set<String> seen = new TreeSet<>();

    @Override
    public SourceVersion getSupportedSourceVersion() {
      return SourceVersion.latestSupported();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
      annotations.forEach(annotation -> seen.add(annotation.getQualifiedName().toString()));
      return false;
    }
  }
}
