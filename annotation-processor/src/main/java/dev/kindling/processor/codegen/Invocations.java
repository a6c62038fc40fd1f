package dev.kindling.processor.codegen;

import com.palantir.javapoet.CodeBlock;
import dev.kindling.processor.model.HandlerMethod;
import java.util.List;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/** Builds the call of the user's method and decides which checked exceptions it can throw. */
final class Invocations {
  private Invocations() {}

  /** {@code target.charge(a, b)}. */
  static CodeBlock call(HandlerMethod method, List<CodeBlock> arguments) {
    return CodeBlock.of("$N.$N($L)", EntryTypes.TARGET, method.name(), CodeBlock.join(arguments, ", "));
  }

  /** Whether the method declares a checked exception that {@code handleRequest} cannot pass on. */
  static boolean throwsBeyondIo(HandlerMethod method, Elements elements, Types types) {
    TypeMirror io = elements.getTypeElement("java.io.IOException").asType();
    TypeMirror runtime = elements.getTypeElement("java.lang.RuntimeException").asType();
    TypeMirror error = elements.getTypeElement("java.lang.Error").asType();
    for (TypeMirror thrown : method.element().getThrownTypes()) {
      if (!types.isAssignable(thrown, io)
          && !types.isAssignable(thrown, runtime)
          && !types.isAssignable(thrown, error)) {
        return true;
      }
    }
    return false;
  }
}
