package dev.kindling.processor.codegen;

import dev.kindling.processor.model.TypeNames;
import com.palantir.javapoet.ClassName;
import dev.kindling.processor.model.BatchKind;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;

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

  /**
   * The qualified name of the bean an existing class was generated for, or {@code null} when it is
   * not a Kindling entry. Read from the entry's static {@code BEAN} field of type
   * {@code Beans.Lookup<Bean>}: {@code @Generated} has SOURCE retention and is gone from a class
   * file, while a field's generic type is kept in both, so an entry of an earlier compile is
   * recognised whether javac finds its stale source or its class file.
   */
  public static String originOf(TypeElement type) {
    for (VariableElement field : ElementFilter.fieldsIn(type.getEnclosedElements())) {
      if (field.getSimpleName().contentEquals(EntryTypes.BEAN)
          && field.getModifiers().contains(Modifier.STATIC)
          && field.asType() instanceof DeclaredType lookup
          && TypeNames.isNamed(lookup, EntryTypes.BEAN_LOOKUP.canonicalName())
          && lookup.getTypeArguments().size() == 1) {
        TypeMirror bean = lookup.getTypeArguments().get(0);
        String name = TypeNames.qualifiedName(bean);
        return name != null ? name : bean.toString();
      }
    }
    return null;
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
