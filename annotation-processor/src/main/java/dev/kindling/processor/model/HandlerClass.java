package dev.kindling.processor.model;

import java.util.List;
import javax.lang.model.element.TypeElement;

/** A bean class and the handler methods it declares, in source order. */
public record HandlerClass(
    TypeElement type, List<HttpRouteModel> routes, List<HandlerMethod> functions) {}
