package dev.kindling.runtime.internal;

import io.micronaut.core.io.service.SoftServiceLoader;
import io.micronaut.core.optim.StaticOptimizations;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The service lists a bean context reads while it starts, found without Micronaut's own scan.
 * Micronaut lists {@code META-INF/micronaut/<service>/} of every class path entry by opening each
 * jar as a zip file system and walking it; on a Lambda cold start that is tens of milliseconds on
 * the context's critical path. This index reads the same directories from the jars' entry lists
 * (the JDK has them in memory already, for class loading) and hands the result to Micronaut
 * through its own hook for precomputed services ({@link StaticOptimizations}, registered in
 * {@code META-INF/services}).
 *
 * <p>It answers for exactly the services a context start asks for, with Micronaut's semantics:
 * bean definition references and bean configurations from {@code META-INF/micronaut} only, type
 * converter registrars from there and from {@code META-INF/services}; an entry whose class is
 * missing or has no public no-arg constructor is skipped. Every other service lookup goes on as
 * Micronaut does it. When a class path entry is neither a jar nor a directory, the index answers
 * for nothing.
 */
public final class MicronautServiceIndex implements StaticOptimizations.Loader<SoftServiceLoader.Optimizations> {
  static final String BEAN_DEFINITION_REFERENCE = "io.micronaut.inject.BeanDefinitionReference";
  static final String BEAN_CONFIGURATION = "io.micronaut.inject.BeanConfiguration";
  static final String TYPE_CONVERTER_REGISTRAR = "io.micronaut.core.convert.TypeConverterRegistrar";

  private static final String MICRONAUT_SERVICES = "META-INF/micronaut/";
  private static final String JAVA_SERVICES = "META-INF/services/";
  private static final MethodType NO_ARGUMENTS = MethodType.methodType(void.class);

  @Override
  public SoftServiceLoader.Optimizations load() {
    ClassLoader classLoader = MicronautServiceIndex.class.getClassLoader();
    Map<String, Set<String>> micronautServices = micronautServices(classLoader);
    if (micronautServices == null) {
      return new SoftServiceLoader.Optimizations(Map.of());
    }
    Map<String, SoftServiceLoader.StaticServiceLoader<?>> loaders = new HashMap<>();
    for (String service : List.of(BEAN_DEFINITION_REFERENCE, BEAN_CONFIGURATION)) {
      loaders.put(service, loader(classLoader, micronautServices.getOrDefault(service, Set.of())));
    }
    Set<String> registrars = new LinkedHashSet<>(javaServices(classLoader, TYPE_CONVERTER_REGISTRAR));
    registrars.addAll(micronautServices.getOrDefault(TYPE_CONVERTER_REGISTRAR, Set.of()));
    loaders.put(TYPE_CONVERTER_REGISTRAR, loader(classLoader, registrars));
    return new SoftServiceLoader.Optimizations(Map.copyOf(loaders));
  }

  /**
   * {@code service -> implementations} under {@code META-INF/micronaut/} of every class path
   * entry, in class path order; {@code null} when an entry is neither a jar nor a directory.
   */
  static Map<String, Set<String>> micronautServices(ClassLoader classLoader) {
    Map<String, Set<String>> services = new LinkedHashMap<>();
    try {
      Enumeration<URL> roots = classLoader.getResources(MICRONAUT_SERVICES);
      while (roots.hasMoreElements()) {
        URL root = roots.nextElement();
        if (!add(root, services)) {
          return null;
        }
      }
    } catch (IOException | URISyntaxException | IllegalArgumentException e) {
      return null;
    }
    return services;
  }

  private static boolean add(URL root, Map<String, Set<String>> services) throws IOException, URISyntaxException {
    String url = root.toString();
    if (url.startsWith("jar:file:") && url.endsWith("!/" + MICRONAUT_SERVICES)) {
      File jar = new File(((JarURLConnection) root.openConnection()).getJarFileURL().toURI());
      try (JarFile file = new JarFile(jar, false)) {
        for (Enumeration<JarEntry> entries = file.entries(); entries.hasMoreElements(); ) {
          String name = entries.nextElement().getName();
          if (name.startsWith(MICRONAUT_SERVICES) && !name.endsWith("/")) {
            int slash = name.indexOf('/', MICRONAUT_SERVICES.length());
            if (slash > 0 && name.indexOf('/', slash + 1) < 0) {
              addEntry(services, name.substring(MICRONAUT_SERVICES.length(), slash), name.substring(slash + 1));
            }
          }
        }
      }
      return true;
    }
    if ("file".equals(root.getProtocol())) {
      File[] serviceDirectories = new File(root.toURI()).listFiles(File::isDirectory);
      for (File directory : serviceDirectories == null ? new File[0] : serviceDirectories) {
        File[] implementations = directory.listFiles(File::isFile);
        for (File implementation : implementations == null ? new File[0] : implementations) {
          addEntry(services, directory.getName(), implementation.getName());
        }
      }
      return true;
    }
    return false;
  }

  private static void addEntry(Map<String, Set<String>> services, String service, String implementation) {
    if (!implementation.startsWith(".")) {
      services.computeIfAbsent(service, name -> new LinkedHashSet<>()).add(implementation);
    }
  }

  /** The implementations listed in {@code META-INF/services/<service>} files, as {@code ServiceLoader} reads them. */
  static List<String> javaServices(ClassLoader classLoader, String service) {
    List<String> implementations = new ArrayList<>();
    try {
      Enumeration<URL> files = classLoader.getResources(JAVA_SERVICES + service);
      while (files.hasMoreElements()) {
        try (BufferedReader reader =
            new BufferedReader(new InputStreamReader(files.nextElement().openStream(), StandardCharsets.UTF_8))) {
          for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            int comment = line.indexOf('#');
            String name = (comment < 0 ? line : line.substring(0, comment)).trim();
            if (!name.isEmpty()) {
              implementations.add(name);
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return implementations;
  }

  private static SoftServiceLoader.StaticServiceLoader<?> loader(ClassLoader classLoader, Set<String> implementations) {
    return new Listed(classLoader, List.copyOf(implementations));
  }

  /** A service's implementations, instantiated when Micronaut asks for them. */
  private record Listed(ClassLoader classLoader, List<String> names) implements SoftServiceLoader.StaticServiceLoader<Object> {
    @Override
    public Stream<SoftServiceLoader.StaticDefinition<Object>> findAll(Predicate<String> condition) {
      return names.stream().filter(condition).map(name -> definition(classLoader, name)).filter(Objects::nonNull);
    }
  }

  /** The instance Micronaut's own loader would make, or {@code null} where it would skip the entry. */
  private static SoftServiceLoader.StaticDefinition<Object> definition(ClassLoader classLoader, String name) {
    Object instance;
    try {
      instance = MethodHandles.publicLookup().findConstructor(Class.forName(name, false, classLoader), NO_ARGUMENTS).invoke();
    } catch (NoClassDefFoundError | ClassNotFoundException | NoSuchMethodException | IllegalAccessException e) {
      return null;
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) {
      throw new IllegalStateException("Cannot create the Micronaut service " + name, e);
    }
    return SoftServiceLoader.StaticDefinition.of(name, () -> instance);
  }
}
