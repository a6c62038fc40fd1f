package dev.kindling.processor.model;

import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.TypeElement;

/** A bean class and the handler methods it declares, in source order. */
public record HandlerClass(
    TypeElement type,
    List<HttpRouteModel> routes,
    List<HandlerMethod> functions,
    List<BatchHandlerModel> batches) {

  /** Every handler method of the class. */
  public List<HandlerMethod> methods() {
    List<HandlerMethod> methods = new ArrayList<>();
    routes.forEach(route -> methods.add(route.method()));
    methods.addAll(functions);
    batches.forEach(batch -> methods.add(batch.method()));
    return methods;
  }
}
