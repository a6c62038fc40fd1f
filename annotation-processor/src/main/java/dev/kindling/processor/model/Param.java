package dev.kindling.processor.model;

import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeMirror;

/**
 * One parameter of a handler method.
 *
 * @param boundName the path variable, query parameter or header name it binds
 * @param bindingAnnotation the {@code @PathParam}-style annotation, or {@code null}
 * @param valid whether it carries {@code @Valid}
 */
public record Param(
    VariableElement element,
    String name,
    TypeMirror type,
    Binding binding,
    String boundName,
    AnnotationMirror bindingAnnotation,
    boolean valid) {}
