package dev.kindling.processor;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.JavaFile;
import dev.kindling.processor.codegen.BatchHandlerWriter;
import dev.kindling.processor.codegen.FunctionHandlerWriter;
import dev.kindling.processor.codegen.HttpHandlerWriter;
import dev.kindling.processor.model.AnnotationNames;
import dev.kindling.processor.model.BatchHandlerModel;
import dev.kindling.processor.model.HandlerClass;
import dev.kindling.processor.model.HandlerMethod;
import dev.kindling.processor.model.ModelReader;
import dev.kindling.processor.model.Param;
import dev.kindling.processor.model.PropertyPaths;
import dev.kindling.processor.validation.Diagnostics;
import dev.kindling.processor.validation.HandlerValidator;
import dev.kindling.processor.validation.Rule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.FilerException;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.WildcardType;

/**
 * Generates a Lambda entry for every handler method. Works per bean class: read the model,
 * validate it (every error reported in one compile), and write code only for a clean class.
 * A class whose types are not yet complete (another processor still generates them) is
 * deferred by name to the next round. Annotations are never claimed, so Micronaut's processor
 * still sees them.
 */
public final class KindlingProcessor extends AbstractProcessor {
  private final Set<String> deferred = new LinkedHashSet<>();
  private Diagnostics diagnostics;
  private ModelReader reader;
  private HandlerValidator validator;
  private HttpHandlerWriter httpWriter;
  private FunctionHandlerWriter functionWriter;
  private BatchHandlerWriter batchWriter;

  @Override
  public synchronized void init(ProcessingEnvironment env) {
    super.init(env);
    diagnostics = new Diagnostics(env.getMessager(), env.getElementUtils());
    reader = new ModelReader(env.getElementUtils(), env.getTypeUtils());
    validator = new HandlerValidator(diagnostics, env.getElementUtils(), env.getTypeUtils());
    PropertyPaths paths = new PropertyPaths(env.getElementUtils(), env.getTypeUtils());
    httpWriter = new HttpHandlerWriter(env.getTypeUtils(), paths);
    functionWriter = new FunctionHandlerWriter(env.getElementUtils(), env.getTypeUtils(), paths);
    batchWriter = new BatchHandlerWriter(env.getTypeUtils(), paths);
  }

  @Override
  public Set<String> getSupportedAnnotationTypes() {
    return Set.of(
        AnnotationNames.HTTP_ROUTE,
        AnnotationNames.FUNCTION_HANDLER,
        AnnotationNames.SQS_HANDLER,
        AnnotationNames.KINESIS_HANDLER,
        AnnotationNames.DYNAMODB_STREAM_HANDLER,
        AnnotationNames.IDEMPOTENT);
  }

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    Set<String> classes = new TreeSet<>(deferred);
    deferred.clear();
    for (TypeElement annotation : annotations) {
      for (Element element : round.getElementsAnnotatedWith(annotation)) {
        if (element.getKind() == ElementKind.METHOD) {
          classes.add(((TypeElement) element.getEnclosingElement()).getQualifiedName().toString());
        }
      }
    }
    for (String className : classes) {
      TypeElement type = processingEnv.getElementUtils().getTypeElement(className);
      if (type != null) {
        processClass(type);
      }
    }
    if (round.processingOver() && !deferred.isEmpty() && diagnostics.errorCount() == 0) {
      for (String className : deferred) {
        TypeElement type = processingEnv.getElementUtils().getTypeElement(className);
        diagnostics.report(Rule.Deferred, type, className, type.getSimpleName());
      }
    }
    return false;
  }

  private void processClass(TypeElement type) {
    try {
      HandlerClass handlers = reader.read(type);
      if (hasUnresolvedTypes(handlers)) {
        deferred.add(type.getQualifiedName().toString());
        return;
      }
      if (!validator.validate(handlers)) {
        return;
      }
      List<Entry> entries = new ArrayList<>();
      if (!handlers.routes().isEmpty()) {
        entries.add(new Entry(httpWriter.write(handlers), handlers.routes().get(0).method()));
      }
      for (HandlerMethod function : handlers.functions()) {
        entries.add(new Entry(functionWriter.write(type, function), function));
      }
      for (BatchHandlerModel batch : handlers.batches()) {
        entries.add(new Entry(batchWriter.write(type, batch), batch.method()));
      }
      for (Entry entry : entries) {
        write(type, entry);
      }
    } catch (RuntimeException | Error e) {
      diagnostics.report(Rule.Internal, type, type.getQualifiedName(), e);
      throw e;
    }
  }

  /** Writes one entry; a file javac refuses is a name clash on its method, and the others are still written. */
  private void write(TypeElement bean, Entry entry) {
    try {
      entry.file().writeTo(processingEnv.getFiler());
    } catch (FilerException e) {
      ClassName name = ClassName.get(entry.file().packageName(), entry.file().typeSpec().name());
      validator.names().reportUnwritable(bean, name, entry.method(), e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A generated file and the handler method a problem writing it is reported on. */
  private record Entry(JavaFile file, HandlerMethod method) {}

  private static boolean hasUnresolvedTypes(HandlerClass handlers) {
    for (HandlerMethod method : handlers.methods()) {
      if (isError(method.returnType())) {
        return true;
      }
      for (Param param : method.params()) {
        if (isError(param.type())) {
          return true;
        }
      }
      for (TypeMirror thrown : method.element().getThrownTypes()) {
        if (isError(thrown)) {
          return true;
        }
      }
    }
    return false;
  }

  /** Whether {@code type} or a type it is built from ({@code List<Missing>}, {@code Missing[]}) is unresolved. */
  private static boolean isError(TypeMirror type) {
    if (type == null) {
      return false;
    }
    return switch (type.getKind()) {
      case ERROR -> true;
      case ARRAY -> isError(((ArrayType) type).getComponentType());
      case WILDCARD -> isError(((WildcardType) type).getExtendsBound()) || isError(((WildcardType) type).getSuperBound());
      case DECLARED -> ((DeclaredType) type).getTypeArguments().stream().anyMatch(KindlingProcessor::isError);
      default -> false;
    };
  }
}
