package dev.kindling.processor.validation;

import javax.annotation.processing.Messager;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.util.Elements;

/**
 * Prints tagged diagnostics on the narrowest element available: the annotation value when the
 * value is wrong, the parameter when a parameter is wrong, the method otherwise. Reporting never
 * stops the compile, so one build shows every mistake.
 */
public final class Diagnostics {
  private final Messager messager;
  private final Elements elements;
  private int errors;

  public Diagnostics(Messager messager, Elements elements) {
    this.messager = messager;
    this.elements = elements;
  }

  public void report(Rule rule, Element element, Object... args) {
    count(rule);
    messager.printMessage(rule.kind(), rule.format(args), element);
  }

  /** Reports on the annotation value {@code member} of {@code annotation}, or on the annotation. */
  public void report(
      Rule rule, Element element, AnnotationMirror annotation, String member, Object... args) {
    count(rule);
    AnnotationValue value = valueOf(annotation, member);
    if (value != null) {
      messager.printMessage(rule.kind(), rule.format(args), element, annotation, value);
    } else {
      messager.printMessage(rule.kind(), rule.format(args), element, annotation);
    }
  }

  public int errorCount() {
    return errors;
  }

  private void count(Rule rule) {
    if (rule.kind() == javax.tools.Diagnostic.Kind.ERROR) {
      errors++;
    }
  }

  private AnnotationValue valueOf(AnnotationMirror annotation, String member) {
    if (annotation == null || member == null) {
      return null;
    }
    for (var entry : annotation.getElementValues().entrySet()) {
      ExecutableElement key = entry.getKey();
      if (key.getSimpleName().contentEquals(member)) {
        return entry.getValue();
      }
    }
    return null;
  }

  Elements elements() {
    return elements;
  }
}
