package dev.kindling.processor.validation;

import dev.kindling.processor.model.Annotations;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.WildcardType;
import javax.lang.model.util.Types;

/**
 * Decides at compile time whether Jackson can create a payload type, so a type with no creator
 * fails the build instead of the first invocation.
 */
final class PayloadTypes {
  private static final String JSON_CREATOR = "com.fasterxml.jackson.annotation.JsonCreator";
  private static final String JSON_DESERIALIZE = "com.fasterxml.jackson.databind.annotation.JsonDeserialize";
  private static final String JSON_TYPE_INFO = "com.fasterxml.jackson.annotation.JsonTypeInfo";

  private final Types types;

  PayloadTypes(Types types) {
    this.types = types;
  }

  /** Why Jackson cannot create {@code type}, with the fix; {@code null} when it can. */
  String whyNotBindable(TypeMirror type) {
    if (type.getKind().isPrimitive()) {
      return null;
    }
    if (type.getKind() == TypeKind.ARRAY) {
      // An array is as bindable as its elements.
      return whyNotBindable(((ArrayType) type).getComponentType());
    }
    if (type.getKind() == TypeKind.WILDCARD) {
      TypeMirror bound = ((WildcardType) type).getExtendsBound();
      return bound == null ? null : whyNotBindable(bound);
    }
    if (type.getKind() != TypeKind.DECLARED) {
      return "a " + type.getKind().name().toLowerCase() + " type has no JSON form; use a concrete class or record";
    }
    TypeElement element = (TypeElement) ((DeclaredType) type).asElement();
    String name = element.getQualifiedName().toString();
    if (name.startsWith("java.") || name.startsWith("com.fasterxml.jackson.")) {
      // A JDK container (List, Map, Optional, ...) is as bindable as what it holds.
      for (TypeMirror argument : ((DeclaredType) type).getTypeArguments()) {
        String why = whyNotBindable(argument);
        if (why != null) {
          return why;
        }
      }
      return null;
    }
    if (Annotations.has(element, JSON_DESERIALIZE) || Annotations.has(element, JSON_TYPE_INFO)) {
      return null;
    }
    if (element.getKind() == ElementKind.ENUM || element.getKind() == ElementKind.RECORD) {
      return null;
    }
    if (element.getKind() == ElementKind.INTERFACE || element.getModifiers().contains(Modifier.ABSTRACT)) {
      return "it is abstract; bind a concrete class, or add @JsonTypeInfo/@JsonDeserialize to "
          + element.getSimpleName();
    }
    if (element.getNestingKind() == NestingKind.MEMBER && !element.getModifiers().contains(Modifier.STATIC)) {
      return "it is an inner class; make " + element.getSimpleName() + " static";
    }
    boolean hasCreator = false;
    for (Element member : element.getEnclosedElements()) {
      if (member.getKind() == ElementKind.CONSTRUCTOR) {
        ExecutableElement constructor = (ExecutableElement) member;
        if (constructor.getParameters().isEmpty() || Annotations.has(constructor, JSON_CREATOR)) {
          hasCreator = true;
        }
      } else if (member.getKind() == ElementKind.METHOD
          && member.getModifiers().contains(Modifier.STATIC)
          && Annotations.has(member, JSON_CREATOR)) {
        hasCreator = true;
      }
    }
    return hasCreator
        ? null
        : "it has no no-argument constructor and no @JsonCreator; add one to " + element.getSimpleName()
            + ", or make it a record";
  }

  boolean isErroneous(TypeMirror type) {
    return type.getKind() == TypeKind.ERROR;
  }

  Types types() {
    return types;
  }
}
