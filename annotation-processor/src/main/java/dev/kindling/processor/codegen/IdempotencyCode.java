package dev.kindling.processor.codegen;

import dev.kindling.processor.model.TypeNames;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.TypeSpec;
import dev.kindling.processor.model.Binding;
import dev.kindling.processor.model.HandlerMethod;
import dev.kindling.processor.model.IdempotentModel;
import dev.kindling.processor.model.Param;
import dev.kindling.processor.model.PropertyPaths;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Types;

/** The guard field and the guarded call of an {@code @Idempotent} handler method. */
final class IdempotencyCode {
  static final ClassName GUARD = ClassName.get(EntryTypes.INTERNAL, "IdempotencyGuard");
  static final ClassName CODEC = ClassName.get(EntryTypes.INTERNAL, "ResultCodec");
  /** The name of the key part an HTTP route scoped to its caller adds. */
  static final String CALLER_PART = "caller";

  private IdempotencyCode() {}

  /**
   * Adds {@code private static final IdempotencyGuard <name> = new IdempotencyGuard(...)}: keys
   * are scoped to the method's signature (overloads apply to different requests) and to
   * {@code scope}, an HTTP route key or {@code null}; the key part names serve its messages.
   */
  static void addGuard(
      TypeSpec.Builder entry, String fieldName, TypeElement bean, HandlerMethod method, String scope, Types types) {
    IdempotentModel idempotent = method.idempotent();
    List<CodeBlock> arguments = new ArrayList<>();
    arguments.add(CodeBlock.of("$S", bean.getQualifiedName() + "." + signature(method, types)));
    arguments.add(scope == null ? CodeBlock.of("null") : CodeBlock.of("$S", scope));
    arguments.add(CodeBlock.of("$S", idempotent.expiry()));
    arguments.add(CodeBlock.of("$L", idempotent.payloadValidation()));
    if (idempotent.perCaller()) {
      arguments.add(CodeBlock.of("$S", CALLER_PART));
      if (idempotent.keyPaths().isEmpty()) {
        arguments.add(CodeBlock.of("$S", "Idempotency-Key"));
      }
    }
    idempotent.keyPaths().forEach(path -> arguments.add(CodeBlock.of("$S", path)));
    entry.addField(
        FieldSpec.builder(GUARD, fieldName, Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
            .initializer("new $T($L)", GUARD, CodeBlock.join(arguments, ", "))
            .build());
  }

  /**
   * {@code charge(com.acme.Ledger.ChargeRequest)}: the method with the qualified types of what it
   * binds, without Lambda's or the record's context. With the bean's qualified name, two beans or
   * two overloads never share keys, even under one key prefix.
   */
  private static String signature(HandlerMethod method, Types types) {
    List<String> bound = new ArrayList<>();
    for (Param param : method.params()) {
      if (param.binding() == Binding.LAMBDA_CONTEXT || param.binding() == Binding.RECORD_CONTEXT) {
        continue;
      }
      bound.add(qualifiedName(types.erasure(param.type())));
    }
    return method.name() + "(" + String.join(",", bound) + ")";
  }

  /** The type's name without type annotations ({@code @Valid} is one too). */
  private static String qualifiedName(TypeMirror type) {
    return switch (type.getKind()) {
      case DECLARED -> TypeNames.qualifiedName(type);
      case ARRAY -> qualifiedName(((ArrayType) type).getComponentType()) + "[]";
      default -> type.getKind().name().toLowerCase(java.util.Locale.ROOT);
    };
  }

  /**
   * The key: {@code GUARD.key(part, ...)} of the declared key properties of the payload, read
   * null-safely (a {@code null} on the way is a missing key, not a crash), preceded by the caller
   * when the key is scoped to it; {@code defaultKey} when the annotation names no property.
   */
  static CodeBlock key(
      String guard, HandlerMethod method, Param payload, String payloadLocal, CodeBlock defaultKey, CodeBlock caller,
      PropertyPaths paths) {
    List<String> keyPaths = method.idempotent().keyPaths();
    List<CodeBlock> parts = new ArrayList<>();
    if (caller != null) {
      parts.add(caller);
    }
    if (keyPaths.isEmpty()) {
      if (caller == null) {
        return defaultKey;
      }
      parts.add(defaultKey);
    }
    for (String path : keyPaths) {
      parts.add(nullSafe(payloadLocal, paths.resolve(payload.type(), path).accessors()));
    }
    return CodeBlock.of("$N.key($L)", guard, CodeBlock.join(parts, ", "));
  }

  /** {@code c == null || c.customer() == null ? null : c.customer().id()}. */
  private static CodeBlock nullSafe(String root, List<String> accessors) {
    List<CodeBlock> checks = new ArrayList<>();
    StringBuilder chain = new StringBuilder(root);
    checks.add(CodeBlock.of("$L == null", chain.toString()));
    for (int i = 0; i < accessors.size() - 1; i++) {
      chain.append('.').append(accessors.get(i));
      checks.add(CodeBlock.of("$L == null", chain.toString()));
    }
    chain.append('.').append(accessors.get(accessors.size() - 1));
    return CodeBlock.of("$L ? null : $L", CodeBlock.join(checks, " || "), chain.toString());
  }

  /** {@code GUARD.call(key, bound, context, () -> call, codec)}; a void call returns null. */
  static CodeBlock guarded(
      String guard, CodeBlock key, CodeBlock bound, CodeBlock context, CodeBlock call, boolean isVoid, CodeBlock codec) {
    CodeBlock action = isVoid
        ? CodeBlock.of("() -> {\n$>$L;\nreturn null;\n$<}", call)
        : CodeBlock.of("() -> $L", call);
    return CodeBlock.of("$N.call($L, $L, $L, $L, $L)", guard, key, bound, context, action, codec);
  }

  static CodeBlock noResult() {
    return CodeBlock.of("$T.none()", CODEC);
  }
}
