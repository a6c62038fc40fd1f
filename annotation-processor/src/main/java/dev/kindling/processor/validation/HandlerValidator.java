package dev.kindling.processor.validation;

import dev.kindling.processor.model.AnnotationNames;
import dev.kindling.processor.model.Annotations;
import dev.kindling.processor.model.Binding;
import dev.kindling.processor.model.HandlerClass;
import dev.kindling.processor.model.HandlerMethod;
import dev.kindling.processor.model.HttpRouteModel;
import dev.kindling.processor.model.IdempotentModel;
import dev.kindling.processor.model.PropertyPaths;
import dev.kindling.processor.model.Param;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Checks one {@link HandlerClass} against every rule and reports all violations. Code is
 * generated only for a class with no errors.
 */
public final class HandlerValidator {
  private static final Set<String> HTTP_METHODS =
      Set.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS");
  private static final Pattern VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Set<String> PARAM_TYPES =
      Set.of(
          "java.lang.String", "java.lang.Integer", "java.lang.Long", "java.lang.Double",
          "java.lang.Boolean", "java.util.UUID");

  private final Diagnostics diagnostics;
  private final Elements elements;
  private final Types types;
  private final PayloadTypes payloadTypes;
  private final BatchValidator batchValidator;
  private final PropertyPaths propertyPaths;
  private final GeneratedNameValidator names;

  public HandlerValidator(Diagnostics diagnostics, Elements elements, Types types) {
    this.diagnostics = diagnostics;
    this.elements = elements;
    this.types = types;
    this.payloadTypes = new PayloadTypes(types);
    this.batchValidator = new BatchValidator(diagnostics);
    this.propertyPaths = new PropertyPaths(elements, types);
    this.names = new GeneratedNameValidator(diagnostics, elements);
  }

  /** The check of generated names, which the processor also asks when javac refuses a file. */
  public GeneratedNameValidator names() {
    return names;
  }

  /** Returns {@code true} when the class is clean and its entries may be generated. */
  public boolean validate(HandlerClass handlers) {
    int before = diagnostics.errorCount();
    validateClass(handlers);
    for (HandlerMethod method : handlers.methods()) {
      validateTarget(method);
    }
    validateRoutes(handlers);
    for (HandlerMethod function : handlers.functions()) {
      validateFunction(function);
    }
    handlers.batches().forEach(batchValidator::validate);
    handlers.routes().forEach(route -> validateIdempotent(route.method(), true, false));
    handlers.functions().forEach(function -> validateIdempotent(function, false, true));
    handlers.batches().forEach(batch -> validateIdempotent(batch.method(), false, false));
    validateOrphanIdempotent(handlers.type());
    names.validate(handlers);
    return diagnostics.errorCount() == before;
  }

  private void validateClass(HandlerClass handlers) {
    TypeElement type = handlers.type();
    String problem = null;
    if (type.getKind() != ElementKind.CLASS) {
      String kind = type.getKind().name().toLowerCase().replace('_', ' ');
      problem = "it is " + (kind.matches("[aeiou].*") ? "an " : "a ") + kind + ", not a class";
    } else if (type.getModifiers().contains(Modifier.PRIVATE)) {
      problem = "it is private";
    } else if (type.getModifiers().contains(Modifier.ABSTRACT)) {
      problem = "it is abstract";
    } else if (type.getNestingKind() == NestingKind.MEMBER && !type.getModifiers().contains(Modifier.STATIC)) {
      problem = "it is an inner (non-static) class";
    } else if (type.getNestingKind() == NestingKind.LOCAL || type.getNestingKind() == NestingKind.ANONYMOUS) {
      problem = "it is a local class";
    }
    if (problem != null) {
      diagnostics.report(Rule.TargetClass, type, type.getSimpleName(), problem);
      return;
    }
    if (!isBean(type)) {
      diagnostics.report(Rule.NotABean, type, type.getSimpleName());
    }
  }

  private boolean isBean(TypeElement type) {
    for (AnnotationMirror mirror : type.getAnnotationMirrors()) {
      TypeElement annotation = (TypeElement) mirror.getAnnotationType().asElement();
      String name = annotation.getQualifiedName().toString();
      if (name.equals(AnnotationNames.SINGLETON)
          || name.equals(AnnotationNames.MICRONAUT_BEAN)
          || name.equals(AnnotationNames.MICRONAUT_CONTEXT)
          || name.equals(AnnotationNames.MICRONAUT_PROTOTYPE)
          || Annotations.has(annotation, AnnotationNames.JAKARTA_SCOPE)
          || Annotations.has(annotation, AnnotationNames.MICRONAUT_BEAN)) {
        return true;
      }
    }
    return false;
  }

  private void validateTarget(HandlerMethod method) {
    ExecutableElement element = method.element();
    for (Modifier modifier : List.of(Modifier.PRIVATE, Modifier.STATIC, Modifier.ABSTRACT)) {
      if (element.getModifiers().contains(modifier)) {
        diagnostics.report(Rule.TargetModifiers, element, signature(method), modifier, modifier);
      }
    }
    List<String> handlerAnnotations = new ArrayList<>();
    for (String name : AnnotationNames.HANDLERS) {
      if (Annotations.has(element, name)) {
        handlerAnnotations.add("@" + name.substring(AnnotationNames.PACKAGE.length()));
      }
    }
    // Reported once, from the first annotation's point of view.
    if (handlerAnnotations.size() > 1
        && method.annotation() == Annotations.find(element, firstHandlerAnnotation(element))) {
      diagnostics.report(
          Rule.MultipleHandlers, element, signature(method), String.join(" and ", handlerAnnotations));
    }
    for (Param param : method.params()) {
      if (param.binding() == Binding.BODY && payloadTypes.isErroneous(param.type())) {
        continue;
      }
      if (param.binding() == Binding.BODY && !BatchValidator.isRecordPayload(param.type())) {
        String why = payloadTypes.whyNotBindable(param.type());
        if (why != null) {
          diagnostics.report(Rule.PayloadType, param.element(), param.type(), why);
        }
      }
    }
  }

  private static String firstHandlerAnnotation(Element element) {
    for (String name : AnnotationNames.HANDLERS) {
      if (Annotations.has(element, name)) {
        return name;
      }
    }
    return null;
  }

  private void validateRoutes(HandlerClass handlers) {
    Map<String, HttpRouteModel> byShape = new HashMap<>();
    for (HttpRouteModel route : handlers.routes()) {
      HandlerMethod method = route.method();
      ExecutableElement element = method.element();
      AnnotationMirror annotation = method.annotation();
      boolean validMethod = HTTP_METHODS.contains(route.httpMethod());
      if (!validMethod) {
        diagnostics.report(Rule.HttpMethod, element, annotation, "method", route.httpMethod());
      }
      if (route.status() < 100 || route.status() > 599) {
        diagnostics.report(Rule.HttpStatus, element, annotation, "status", route.status());
      }
      String pathProblem = pathProblem(route.path());
      if (pathProblem != null) {
        diagnostics.report(Rule.HttpPath, element, annotation, "path", route.path(), pathProblem);
        continue;
      }
      if (validMethod) {
        HttpRouteModel earlier = byShape.putIfAbsent(route.httpMethod() + " " + route.shape(), route);
        if (earlier != null) {
          diagnostics.report(
              Rule.DuplicateRoute, element, annotation, "path",
              route.httpMethod(), route.path(), signature(earlier.method()));
        }
      }
      validateRouteParams(route);
    }
  }

  private void validateRouteParams(HttpRouteModel route) {
    HandlerMethod method = route.method();
    List<String> variables = route.pathVariables();
    Set<String> bound = new LinkedHashSet<>();
    Param body = null;
    for (Param param : method.params()) {
      switch (param.binding()) {
        case PATH -> {
          bound.add(param.boundName());
          if (!variables.contains(param.boundName())) {
            diagnostics.report(
                Rule.PathParamUnknown, param.element(), param.boundName(), route.path(),
                variables.isEmpty() ? "none (the path has no variables)" : variables, param.boundName());
          }
          checkParamType(param);
        }
        case QUERY, HEADER -> checkParamType(param);
        case BODY -> {
          if (body != null) {
            diagnostics.report(Rule.HttpBody, param.element(), signature(method), body.name(), param.name());
          }
          body = param;
        }
        case LAMBDA_CONTEXT -> { }
        case RECORD_CONTEXT -> diagnostics.report(Rule.RecordContextParam, param.element(), param.name());
      }
    }
    for (String variable : variables) {
      if (!bound.contains(variable)) {
        diagnostics.report(
            Rule.PathVariableUnbound, method.element(), method.annotation(), "path",
            variable, route.path(), variable);
      }
    }
  }

  private void checkParamType(Param param) {
    if (!isConvertible(param.type())) {
      diagnostics.report(
          Rule.HttpParamType, param.element(), param.name(), param.type(), param.binding().description());
    }
  }

  /** Types {@code dev.kindling.runtime.internal.Params} converts text to. */
  static boolean isConvertible(TypeMirror type) {
    switch (type.getKind()) {
      case INT, LONG, DOUBLE, BOOLEAN:
        return true;
      case DECLARED:
        TypeElement element = (TypeElement) ((DeclaredType) type).asElement();
        return element.getKind() == ElementKind.ENUM
            || PARAM_TYPES.contains(element.getQualifiedName().toString());
      default:
        return false;
    }
  }

  private void validateFunction(HandlerMethod function) {
    boolean seenPayload = false;
    boolean seenContext = false;
    for (Param param : function.params()) {
      boolean extra;
      if (param.binding() == Binding.LAMBDA_CONTEXT) {
        extra = seenContext;
        seenContext = true;
      } else if (param.binding() == Binding.BODY) {
        extra = seenPayload;
        seenPayload = true;
      } else {
        extra = true;
      }
      if (extra) {
        diagnostics.report(
            Rule.FunctionSignature, param.element(), signature(function), simpleName(param.type()) + " " + param.name());
      }
    }
  }

  /**
   * Key properties must exist on the payload; the expiry must parse. {@code payloadIsDefaultKey}:
   * a direct function without key properties is keyed by its whole payload.
   */
  private void validateIdempotent(HandlerMethod method, boolean http, boolean payloadIsDefaultKey) {
    IdempotentModel idempotent = method.idempotent();
    if (idempotent == null) {
      return;
    }
    Element element = method.element();
    AnnotationMirror annotation = idempotent.annotation();
    try {
      if (java.time.Duration.parse(idempotent.expiry()).compareTo(java.time.Duration.ZERO) <= 0) {
        diagnostics.report(Rule.IdempotencyExpiry, element, annotation, "expiry", idempotent.expiry());
      }
    } catch (java.time.format.DateTimeParseException e) {
      diagnostics.report(Rule.IdempotencyExpiry, element, annotation, "expiry", idempotent.expiry());
    }
    if (idempotent.keyOptional() && !http) {
      diagnostics.report(
          Rule.IdempotentTarget, element, annotation, "keyOptional", signature(method),
          "keyOptional applies to @HttpRoute methods, whose default key is the Idempotency-Key header; remove it");
    }
    if (idempotent.perCaller() && !http) {
      diagnostics.report(
          Rule.IdempotentTarget, element, annotation, "perCaller", signature(method),
          "perCaller applies to @HttpRoute methods, whose caller an API Gateway authorizer identifies; remove it");
    }
    List<Param> bodies = method.bodies();
    if (bodies.isEmpty()) {
      if (!idempotent.keyPaths().isEmpty() || payloadIsDefaultKey) {
        diagnostics.report(
            Rule.IdempotentTarget, element, annotation, "key", signature(method),
            "the idempotency key is read from the payload, and this method has none; add a payload parameter"
                + (http ? " or remove key to use the Idempotency-Key header" : ""));
      }
      return;
    }
    for (String path : idempotent.keyPaths()) {
      PropertyPaths.Resolution resolution = propertyPaths.resolve(bodies.get(0).type(), path);
      if (!resolution.resolved()) {
        diagnostics.report(
            Rule.IdempotencyKey, element, annotation, "key", path,
            simpleName(bodies.get(0).type()), keyPathHint(path, resolution));
      }
    }
  }

  /** What to key on instead: the properties where the path went wrong, or why it cannot go on. */
  private static String keyPathHint(String path, PropertyPaths.Resolution resolution) {
    if (!resolution.available().isEmpty()) {
      return "use one of " + resolution.available();
    }
    if (resolution.accessors().isEmpty()) {
      return "key on a property path of a class or record payload";
    }
    String through = String.join(".", java.util.Arrays.asList(path.split("\\.", -1)).subList(0, resolution.accessors().size()));
    return "'" + through + "' is a " + resolution.on()
        + ", which a key path cannot go into; key on properties of classes and records only";
  }

  private void validateOrphanIdempotent(TypeElement type) {
    for (Element member : type.getEnclosedElements()) {
      AnnotationMirror idempotent = Annotations.find(member, AnnotationNames.IDEMPOTENT);
      if (idempotent != null && firstHandlerAnnotation(member) == null) {
        diagnostics.report(
            Rule.IdempotentTarget, member, idempotent, null, member.getSimpleName() + "()",
            "@Idempotent guards a handler; add @HttpRoute, @FunctionHandler, @SqsHandler, @KinesisHandler"
                + " or @DynamoDbStreamHandler, or remove @Idempotent");
      }
    }
  }

  /** Finds what is wrong with a route path, or {@code null}. */
  static String pathProblem(String path) {
    if (!path.startsWith("/")) {
      return "start it with '/'";
    }
    if (path.contains("?") || path.contains("#")) {
      return "a route path has no query or fragment; bind query parameters with @QueryParam";
    }
    if (path.contains("//") || (path.length() > 1 && path.endsWith("/"))) {
      return "an API Gateway route has no empty segment (a trailing or doubled '/'); remove the extra '/'";
    }
    Set<String> seen = new LinkedHashSet<>();
    for (String segment : path.split("/")) {
      boolean opens = segment.contains("{");
      boolean closes = segment.contains("}");
      if (!opens && !closes) {
        continue;
      }
      if (!segment.startsWith("{") || !segment.endsWith("}") || segment.indexOf('{', 1) >= 0) {
        return "segment '" + segment + "' must be a whole variable like {id}";
      }
      String name = segment.substring(1, segment.length() - 1);
      if (!VARIABLE.matcher(name).matches()) {
        return "variable {" + name + "} must be a Java-style name";
      }
      if (!seen.add(name)) {
        return "variable {" + name + "} appears twice; give each variable its own name";
      }
    }
    return null;
  }

  /** {@code charge(ChargeOrder, String)}, the way the diagnostics name a method. */
  public static String signature(HandlerMethod method) {
    StringBuilder text = new StringBuilder(method.name()).append('(');
    for (int i = 0; i < method.params().size(); i++) {
      if (i > 0) {
        text.append(", ");
      }
      text.append(simpleName(method.params().get(i).type()));
    }
    return text.append(')').toString();
  }

  static String simpleName(TypeMirror type) {
    if (type.getKind() == TypeKind.DECLARED) {
      return ((DeclaredType) type).asElement().getSimpleName().toString();
    }
    return type.toString();
  }
}
