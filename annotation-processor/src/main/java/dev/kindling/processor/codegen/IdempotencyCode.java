package dev.kindling.processor.codegen;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.TypeSpec;
import dev.kindling.processor.model.HandlerMethod;
import dev.kindling.processor.model.IdempotentModel;
import dev.kindling.processor.model.Param;
import dev.kindling.processor.model.PropertyPaths;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;

/** The guard field and the guarded call of an {@code @Idempotent} handler method. */
final class IdempotencyCode {
  static final ClassName GUARD = ClassName.get(EntryTypes.INTERNAL, "IdempotencyGuard");
  static final ClassName CODEC = ClassName.get(EntryTypes.INTERNAL, "ResultCodec");
  private static final ClassName ARRAYS = ClassName.get("java.util", "Arrays");

  private IdempotencyCode() {}

  /** Adds {@code private static final IdempotencyGuard <name> = new IdempotencyGuard(...)}. */
  static void addGuard(TypeSpec.Builder entry, String fieldName, TypeElement bean, HandlerMethod method) {
    IdempotentModel idempotent = method.idempotent();
    entry.addField(
        FieldSpec.builder(GUARD, fieldName, Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
            .initializer(
                "new $T($S, $S, $L)",
                GUARD,
                GeneratedNames.prefix(bean) + "." + method.name(),
                idempotent.expiry(),
                idempotent.payloadValidation())
            .build());
  }

  /**
   * The key value: the declared key properties of the payload, or {@code defaultKey} when the
   * annotation names none.
   */
  static CodeBlock key(HandlerMethod method, Param payload, String payloadLocal, CodeBlock defaultKey, PropertyPaths paths) {
    List<String> keyPaths = method.idempotent().keyPaths();
    if (keyPaths.isEmpty()) {
      return defaultKey;
    }
    List<CodeBlock> parts = new ArrayList<>();
    for (String path : keyPaths) {
      PropertyPaths.Resolution resolution = paths.resolve(payload.type(), path);
      parts.add(CodeBlock.of("$N.$L", payloadLocal, String.join(".", resolution.accessors())));
    }
    CodeBlock value = parts.size() == 1 ? parts.get(0) : CodeBlock.of("$T.asList($L)", ARRAYS, CodeBlock.join(parts, ", "));
    // A missing body has no key: the guard answers KEY_MISSING (HTTP 400) instead of a 500.
    return CodeBlock.of("$N == null ? null : $L", payloadLocal, value);
  }

  /** {@code GUARD.call(key, payload, context, () -> call, codec)}; a void call returns null. */
  static CodeBlock guarded(
      String guard, CodeBlock key, String payloadLocal, CodeBlock context, CodeBlock call, boolean isVoid, CodeBlock codec) {
    CodeBlock action = isVoid
        ? CodeBlock.of("() -> {\n$>$L;\nreturn null;\n$<}", call)
        : CodeBlock.of("() -> $L", call);
    return CodeBlock.of(
        "$N.call($L, $L, $L, $L, $L)",
        guard, key, payloadLocal == null ? CodeBlock.of("null") : CodeBlock.of("$N", payloadLocal), context, action, codec);
  }

  static CodeBlock noResult() {
    return CodeBlock.of("$T.none()", CODEC);
  }
}
