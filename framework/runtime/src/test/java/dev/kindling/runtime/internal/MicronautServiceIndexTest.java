package dev.kindling.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.core.convert.TypeConverterRegistrar;
import io.micronaut.core.io.service.MicronautMetaServiceLoaderUtils;
import io.micronaut.core.io.service.ServiceDefinition;
import io.micronaut.core.io.service.SoftServiceLoader;
import io.micronaut.core.optim.StaticOptimizations;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MicronautServiceIndexTest {
  private static final ClassLoader LOADER = MicronautServiceIndexTest.class.getClassLoader();

  @Test
  void itListsWhatMicronautsOwnScanListsFromJarsAndDirectories() throws Exception {
    Map<String, Set<String>> micronaut = MicronautMetaServiceLoaderUtils.findAllMicronautMetaServices(LOADER);
    Map<String, Set<String>> index = MicronautServiceIndex.micronautServices(LOADER);

    assertThat(index).isNotNull();
    assertThat(index).isEqualTo(micronaut);
    assertThat(index.get(MicronautServiceIndex.BEAN_DEFINITION_REFERENCE))
        .as("from micronaut-inject's jar and from this module's test classes directory")
        .contains("io.micronaut.context.event.ApplicationEventPublisherFactory")
        .anyMatch(name -> name.endsWith("BeansTest$InitThreadBean$Definition"));
  }

  @Test
  void micronautTakesTheIndexForExactlyTheServicesAContextStartReads() {
    SoftServiceLoader.Optimizations optimizations =
        StaticOptimizations.get(SoftServiceLoader.Optimizations.class).orElseThrow();
    assertThat(optimizations.getServiceLoaders().keySet())
        .containsExactlyInAnyOrder(
            MicronautServiceIndex.BEAN_DEFINITION_REFERENCE,
            MicronautServiceIndex.BEAN_CONFIGURATION,
            MicronautServiceIndex.TYPE_CONVERTER_REGISTRAR);
  }

  @Test
  void converterRegistrarsIncludeTheJavaServiceFilesAsServiceLoaderReadsThem() {
    List<String> fromJdk =
        ServiceLoader.load(TypeConverterRegistrar.class, LOADER).stream().map(p -> p.type().getName()).toList();
    SoftServiceLoader.StaticServiceLoader<?> indexed =
        new MicronautServiceIndex().load().getServiceLoaders().get(MicronautServiceIndex.TYPE_CONVERTER_REGISTRAR);

    List<String> names = indexed.findAll(name -> true).map(ServiceDefinition::getName).toList();

    assertThat(fromJdk).isNotEmpty();
    assertThat(names).containsAll(fromJdk).doesNotHaveDuplicates();
    assertThat(indexed.load(null)).allSatisfy(registrar -> assertThat(registrar).isInstanceOf(TypeConverterRegistrar.class));
  }

  @Test
  void aListedClassThatIsMissingIsSkippedAsMicronautSkipsIt() {
    SoftServiceLoader.StaticServiceLoader<?> indexed =
        new MicronautServiceIndex().load().getServiceLoaders().get(MicronautServiceIndex.BEAN_DEFINITION_REFERENCE);
    long listed = MicronautServiceIndex.micronautServices(LOADER).get(MicronautServiceIndex.BEAN_DEFINITION_REFERENCE).size();

    // javax.inject is not on this class path, so JavaxProviderBeanDefinition cannot be created.
    assertThat(indexed.findAll(name -> true).map(ServiceDefinition::getName))
        .doesNotContain("io.micronaut.inject.provider.JavaxProviderBeanDefinition")
        .hasSize((int) listed - 1);
  }
}
