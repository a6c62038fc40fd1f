package dev.kindling.processor.model;

import java.util.ArrayList;
import java.util.List;

/** One {@code @HttpRoute} method. */
public record HttpRouteModel(HandlerMethod method, String httpMethod, String path, int status) {

  /** The {@code {name}} variables of the path, in order. */
  public List<String> pathVariables() {
    List<String> names = new ArrayList<>();
    for (String segment : path.split("/")) {
      if (segment.length() > 2 && segment.startsWith("{") && segment.endsWith("}")) {
        names.add(segment.substring(1, segment.length() - 1));
      }
    }
    return names;
  }

  /** The path with variables reduced to {@code {}}: two routes with the same shape collide. */
  public String shape() {
    return path.replaceAll("\\{[^/}]*}", "{}");
  }

  /** {@code "GET /orders/{id}"}, the form the runtime router is built from. */
  public String routeKey() {
    return httpMethod + " " + path;
  }
}
