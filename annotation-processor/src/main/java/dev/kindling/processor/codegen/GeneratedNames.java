package dev.kindling.processor.codegen;

import com.palantir.javapoet.ClassName;
import dev.kindling.processor.model.BatchKind;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;

/**
 * Every name the processor generates, from one place. Generated classes are top-level, in the
 * package of the bean, named after the bean's (nested) simple names joined with {@code _}.
 */
public final class GeneratedNames {
  public static final String HTTP_SUFFIX = "_HttpHandler";
  public static final String FUNCTION_SUFFIX = "FunctionHandler";

  private GeneratedNames() {}

  public static ClassName httpHandler(TypeElement bean) {
    return ClassName.get(packageOf(bean), prefix(bean) + HTTP_SUFFIX);
  }

  public static ClassName functionHandler(TypeElement bean, ExecutableElement method) {
    return ClassName.get(packageOf(bean), prefix(bean) + "_" + capitalized(method) + FUNCTION_SUFFIX);
  }

  public static ClassName batchHandler(TypeElement bean, ExecutableElement method, BatchKind kind) {
    return ClassName.get(packageOf(bean), prefix(bean) + "_" + capitalized(method) + kind.suffix());
  }

  /** {@code com.acme.Outer.Inner} → {@code Outer_Inner}. */
  public static String prefix(TypeElement bean) {
    StringBuilder name = new StringBuilder(bean.getSimpleName());
    Element enclosing = bean.getEnclosingElement();
    while (enclosing.getKind() != ElementKind.PACKAGE) {
      name.insert(0, enclosing.getSimpleName() + "_");
      enclosing = enclosing.getEnclosingElement();
    }
    return name.toString();
  }

  static String packageOf(TypeElement bean) {
    Element enclosing = bean;
    while (enclosing.getKind() != ElementKind.PACKAGE) {
      enclosing = enclosing.getEnclosingElement();
    }
    return ((PackageElement) enclosing).getQualifiedName().toString();
  }

  private static String capitalized(ExecutableElement method) {
    String name = method.getSimpleName().toString();
    return Character.toUpperCase(name.charAt(0)) + name.substring(1);
  }
}
