package dev.kindling.processor.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Resolves a property path such as {@code customer.id} on a payload type to the accessor calls
 * that read it ({@code customer().getId()}), at compile time: record components, then
 * {@code getX()}/{@code isX()} getters, then public fields.
 */
public final class PropertyPaths {
  private final Elements elements;
  private final Types types;

  public PropertyPaths(Elements elements, Types types) {
    this.elements = elements;
    this.types = types;
  }

  /**
   * The result: accessor segments, or the first unknown segment with the type it was looked up on
   * and that type's properties (none for a JDK or non-class type, which a path cannot go through).
   */
  public record Resolution(List<String> accessors, String unknown, TypeMirror on, List<String> available) {
    public boolean resolved() {
      return unknown == null;
    }
  }

  public Resolution resolve(TypeMirror root, String path) {
    List<String> accessors = new ArrayList<>();
    TypeMirror current = root;
    for (String segment : path.split("\\.", -1)) {
      if (current.getKind() != TypeKind.DECLARED) {
        return new Resolution(accessors, segment, current, List.of());
      }
      TypeElement type = (TypeElement) ((DeclaredType) current).asElement();
      // A JDK type's methods (a list's isEmpty, say) are no property of the payload.
      Accessor accessor = isJdk(type) ? null : find(type, segment);
      if (accessor == null) {
        return new Resolution(accessors, segment, current, isJdk(type) ? List.of() : properties(type));
      }
      accessors.add(accessor.call());
      // The member's type as seen from this type: Envelope<Charge>.body is a Charge, not a T.
      current = types.asMemberOf((DeclaredType) current, accessor.member());
      if (current.getKind() == TypeKind.EXECUTABLE) {
        current = ((javax.lang.model.type.ExecutableType) current).getReturnType();
      }
    }
    return new Resolution(accessors, null, null, List.of());
  }

  private record Accessor(String call, Element member) {}

  private static boolean isJdk(TypeElement type) {
    return type.getQualifiedName().toString().startsWith("java.");
  }

  private Accessor find(TypeElement type, String name) {
    if (name.isEmpty()) {
      return null;
    }
    String capitalized = name.substring(0, 1).toUpperCase(Locale.ROOT) + name.substring(1);
    List<? extends Element> members = elements.getAllMembers(type);
    for (ExecutableElement method : ElementFilter.methodsIn(members)) {
      if (!isReadable(method)) {
        continue;
      }
      String methodName = method.getSimpleName().toString();
      boolean recordAccessor = type.getKind() == ElementKind.RECORD && methodName.equals(name);
      boolean getter = methodName.equals("get" + capitalized)
          || (methodName.equals("is" + capitalized) && method.getReturnType().getKind() == TypeKind.BOOLEAN);
      if (recordAccessor || getter) {
        return new Accessor(methodName + "()", method);
      }
    }
    for (Element field : ElementFilter.fieldsIn(members)) {
      if (field.getSimpleName().contentEquals(name)
          && field.getModifiers().contains(Modifier.PUBLIC)
          && !field.getModifiers().contains(Modifier.STATIC)) {
        return new Accessor(name, field);
      }
    }
    return null;
  }

  private static boolean isReadable(ExecutableElement method) {
    return method.getParameters().isEmpty()
        && !method.getModifiers().contains(Modifier.STATIC)
        && !method.getModifiers().contains(Modifier.PRIVATE)
        && method.getReturnType().getKind() != TypeKind.VOID
        && !method.getEnclosingElement().toString().equals("java.lang.Object");
  }

  /** The readable property names of {@code type}, for the error message. */
  private List<String> properties(TypeElement type) {
    TreeSet<String> names = new TreeSet<>();
    List<? extends Element> members = elements.getAllMembers(type);
    if (type.getKind() == ElementKind.RECORD) {
      type.getRecordComponents().forEach(component -> names.add(component.getSimpleName().toString()));
    }
    for (ExecutableElement method : ElementFilter.methodsIn(members)) {
      String name = method.getSimpleName().toString();
      if (!isReadable(method)) {
        continue;
      }
      if (name.startsWith("get") && name.length() > 3 && !name.equals("getClass")) {
        names.add(Character.toLowerCase(name.charAt(3)) + name.substring(4));
      } else if (name.startsWith("is") && name.length() > 2 && method.getReturnType().getKind() == TypeKind.BOOLEAN) {
        names.add(Character.toLowerCase(name.charAt(2)) + name.substring(3));
      }
    }
    for (Element field : ElementFilter.fieldsIn(members)) {
      if (field.getModifiers().contains(Modifier.PUBLIC) && !field.getModifiers().contains(Modifier.STATIC)) {
        names.add(field.getSimpleName().toString());
      }
    }
    return List.copyOf(names);
  }
}
