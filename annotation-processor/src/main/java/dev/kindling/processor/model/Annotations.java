package dev.kindling.processor.model;

import java.util.Map;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;

/** Reads annotation mirrors by name, with their declared defaults. */
public final class Annotations {
  private Annotations() {}

  public static AnnotationMirror find(Element element, String annotationName) {
    for (AnnotationMirror mirror : element.getAnnotationMirrors()) {
      TypeElement type = (TypeElement) mirror.getAnnotationType().asElement();
      if (type.getQualifiedName().contentEquals(annotationName)) {
        return mirror;
      }
    }
    return null;
  }

  public static boolean has(Element element, String annotationName) {
    return find(element, annotationName) != null;
  }

  /** The value of {@code member}, falling back to the annotation's default. */
  public static Object value(Elements elements, AnnotationMirror mirror, String member) {
    Map<? extends ExecutableElement, ? extends AnnotationValue> values =
        elements.getElementValuesWithDefaults(mirror);
    for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> entry : values.entrySet()) {
      if (entry.getKey().getSimpleName().contentEquals(member)) {
        return entry.getValue().getValue();
      }
    }
    throw new IllegalArgumentException("No member " + member + " on " + mirror);
  }

  public static String string(Elements elements, AnnotationMirror mirror, String member) {
    return (String) value(elements, mirror, member);
  }

  public static int integer(Elements elements, AnnotationMirror mirror, String member) {
    return (Integer) value(elements, mirror, member);
  }
}
