package dev.kindling.processor.model;

import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeMirror;

/** Qualified names of declared types, without their type arguments or type annotations. */
public final class TypeNames {
  private TypeNames() {}

  /** {@code java.util.List} for {@code List<@Valid Line>}; {@code null} for a primitive, an array or any other kind. */
  public static String qualifiedName(TypeMirror type) {
    return type instanceof DeclaredType declared && declared.asElement() instanceof TypeElement element
        ? element.getQualifiedName().toString()
        : null;
  }

  /** Whether {@code type} is the declared type named {@code qualifiedName}. */
  public static boolean isNamed(TypeMirror type, String qualifiedName) {
    return qualifiedName.equals(qualifiedName(type));
  }
}
