package dev.kindling.processor.model;

import java.util.List;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.type.TypeMirror;

/**
 * A method carrying one handler annotation, as the user wrote it.
 *
 * @param idempotent its {@code @Idempotent}, or {@code null}
 */
public record HandlerMethod(
    ExecutableElement element,
    String name,
    AnnotationMirror annotation,
    List<Param> params,
    TypeMirror returnType,
    IdempotentModel idempotent) {

  public boolean returnsVoid() {
    return returnType.getKind() == javax.lang.model.type.TypeKind.VOID;
  }

  /** The parameters bound to the body or payload. */
  public List<Param> bodies() {
    return params.stream().filter(p -> p.binding() == Binding.BODY).toList();
  }
}
