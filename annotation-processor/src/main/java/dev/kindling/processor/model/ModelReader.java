package dev.kindling.processor.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/** Turns the annotated methods of one class into a {@link HandlerClass}. Judges nothing. */
public final class ModelReader {
  private final Elements elements;
  private final Types types;

  public ModelReader(Elements elements, Types types) {
    this.elements = elements;
    this.types = types;
  }

  public HandlerClass read(TypeElement type) {
    List<HttpRouteModel> routes = new ArrayList<>();
    List<HandlerMethod> functions = new ArrayList<>();
    List<BatchHandlerModel> batches = new ArrayList<>();
    for (Element member : type.getEnclosedElements()) {
      if (member.getKind() != ElementKind.METHOD) {
        continue;
      }
      ExecutableElement method = (ExecutableElement) member;
      AnnotationMirror route = Annotations.find(method, AnnotationNames.HTTP_ROUTE);
      if (route != null) {
        routes.add(
            new HttpRouteModel(
                handler(method, route),
                Annotations.string(elements, route, "method").trim().toUpperCase(Locale.ROOT),
                Annotations.string(elements, route, "path"),
                Annotations.integer(elements, route, "status")));
      }
      AnnotationMirror function = Annotations.find(method, AnnotationNames.FUNCTION_HANDLER);
      if (function != null) {
        functions.add(handler(method, function));
      }
      for (BatchKind kind : BatchKind.values()) {
        AnnotationMirror batch = Annotations.find(method, kind.annotation());
        if (batch != null) {
          batches.add(batch(kind, handler(method, batch), batch));
        }
      }
    }
    return new HandlerClass(type, List.copyOf(routes), List.copyOf(functions), List.copyOf(batches));
  }

  private BatchHandlerModel batch(BatchKind kind, HandlerMethod method, AnnotationMirror annotation) {
    boolean sqs = kind == BatchKind.SQS;
    return new BatchHandlerModel(
        method,
        kind,
        Annotations.string(elements, annotation, kind.sourceMember()),
        sqs && (Boolean) Annotations.value(elements, annotation, "fifo"),
        sqs && (Boolean) Annotations.value(elements, annotation, "parallel"),
        Annotations.integer(elements, annotation, "batchSize"),
        sqs ? Annotations.integer(elements, annotation, "maxBatchingWindowSeconds") : 0,
        sqs ? Annotations.integer(elements, annotation, "maxReceiveCount") : 0,
        sqs && (Boolean) Annotations.value(elements, annotation, "deadLetterUnprocessable"),
        sqs ? null : Annotations.string(elements, annotation, "startingPosition"),
        sqs ? 0 : Annotations.integer(elements, annotation, "maxRetryAttempts"),
        !sqs && (Boolean) Annotations.value(elements, annotation, "bisectOnError"));
  }

  private HandlerMethod handler(ExecutableElement method, AnnotationMirror annotation) {
    List<Param> params = new ArrayList<>();
    for (VariableElement parameter : method.getParameters()) {
      params.add(param(parameter));
    }
    return new HandlerMethod(
        method,
        method.getSimpleName().toString(),
        annotation,
        List.copyOf(params),
        method.getReturnType(),
        idempotent(method));
  }

  private IdempotentModel idempotent(ExecutableElement method) {
    AnnotationMirror mirror = Annotations.find(method, AnnotationNames.IDEMPOTENT);
    if (mirror == null) {
      return null;
    }
    List<String> keys = new ArrayList<>();
    @SuppressWarnings("unchecked")
    List<? extends javax.lang.model.element.AnnotationValue> values =
        (List<? extends javax.lang.model.element.AnnotationValue>) Annotations.value(elements, mirror, "key");
    values.forEach(value -> keys.add((String) value.getValue()));
    return new IdempotentModel(
        mirror,
        List.copyOf(keys),
        Annotations.string(elements, mirror, "expiry"),
        (Boolean) Annotations.value(elements, mirror, "payloadValidation"),
        (Boolean) Annotations.value(elements, mirror, "keyOptional"),
        (Boolean) Annotations.value(elements, mirror, "perCaller"));
  }

  private Param param(VariableElement parameter) {
    String name = parameter.getSimpleName().toString();
    TypeMirror type = parameter.asType();
    boolean valid = Annotations.has(parameter, AnnotationNames.VALID);
    for (Binding binding : List.of(Binding.PATH, Binding.QUERY, Binding.HEADER)) {
      AnnotationMirror mirror = Annotations.find(parameter, annotationOf(binding));
      if (mirror != null) {
        String bound = Annotations.string(elements, mirror, "value");
        return new Param(parameter, name, type, binding, bound.isEmpty() ? name : bound, mirror, valid);
      }
    }
    if (TypeNames.isNamed(type, AnnotationNames.LAMBDA_CONTEXT)) {
      return new Param(parameter, name, type, Binding.LAMBDA_CONTEXT, null, null, false);
    }
    if (TypeNames.isNamed(type, AnnotationNames.RECORD_CONTEXT)) {
      return new Param(parameter, name, type, Binding.RECORD_CONTEXT, null, null, false);
    }
    return new Param(parameter, name, type, Binding.BODY, null, null, valid);
  }


  private static String annotationOf(Binding binding) {
    return switch (binding) {
      case PATH -> AnnotationNames.PATH_PARAM;
      case QUERY -> AnnotationNames.QUERY_PARAM;
      case HEADER -> AnnotationNames.HEADER_PARAM;
      default -> throw new IllegalArgumentException(binding.name());
    };
  }
}
