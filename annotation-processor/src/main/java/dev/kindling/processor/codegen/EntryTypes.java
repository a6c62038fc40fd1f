package dev.kindling.processor.codegen;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import java.util.List;
import java.util.Set;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Types;

/** The parts every generated entry shares, and the runtime types it calls. */
final class EntryTypes {
  static final String PROCESSOR = "dev.kindling.processor.KindlingProcessor";
  static final String INTERNAL = "dev.kindling.runtime.internal";

  static final ClassName REQUEST_STREAM_HANDLER =
      ClassName.get("com.amazonaws.services.lambda.runtime", "RequestStreamHandler");
  static final ClassName CONTEXT = ClassName.get("com.amazonaws.services.lambda.runtime", "Context");
  static final ClassName GENERATED = ClassName.get("javax.annotation.processing", "Generated");
  static final ClassName OBJECT_READER = ClassName.get("com.fasterxml.jackson.databind", "ObjectReader");
  static final ClassName OBJECT_WRITER = ClassName.get("com.fasterxml.jackson.databind", "ObjectWriter");
  static final ClassName TYPE_REFERENCE = ClassName.get("com.fasterxml.jackson.core.type", "TypeReference");
  static final ClassName INPUT_STREAM = ClassName.get("java.io", "InputStream");
  static final ClassName OUTPUT_STREAM = ClassName.get("java.io", "OutputStream");
  static final ClassName IO_EXCEPTION = ClassName.get("java.io", "IOException");

  static final ClassName BEANS = ClassName.get(INTERNAL, "Beans");
  static final ClassName BEAN_LOOKUP = BEANS.nestedClass("Lookup");
  static final ClassName JSON = ClassName.get(INTERNAL, "Json");
  static final ClassName BEAN_VALIDATION = ClassName.get(INTERNAL, "BeanValidation");

  static final String TARGET = "target";
  /**
   * The static {@code Beans.Lookup<Bean>} field of every entry; {@link GeneratedNames#originOf}
   * reads the bean back from it to recognise an entry of an earlier compile, so keep its name and type.
   */
  static final String BEAN = "BEAN";

  private EntryTypes() {}

  static AnnotationSpec generated() {
    return AnnotationSpec.builder(GENERATED)
        .addMember("value", "$S", PROCESSOR)
        .build();
  }

  /**
   * {@code public final class X implements RequestStreamHandler}, with the bean field; the writer
   * adds the {@link #constructor} once it knows the entry's idempotency guards.
   */
  static TypeSpec.Builder entry(ClassName name, TypeElement bean, CodeBlock javadoc) {
    ClassName beanType = ClassName.get(bean);
    return TypeSpec.classBuilder(name)
        .addOriginatingElement(bean)
        .addJavadoc(javadoc)
        .addAnnotation(generated())
        .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
        .addSuperinterface(REQUEST_STREAM_HANDLER)
        .addField(
            FieldSpec.builder(
                    ParameterizedTypeName.get(BEAN_LOOKUP, beanType), BEAN, Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                .addJavadoc("First, so the bean context starts in the background while the rest of init runs.\n")
                .initializer("$T.lookup($T.class)", BEANS, beanType)
                .build())
        .addField(FieldSpec.builder(beanType, TARGET, Modifier.PRIVATE, Modifier.FINAL).build());
  }

  /**
   * The constructor the Lambda runtime calls once during init: it waits for the bean and for the
   * idempotency store of each of {@code guards}, so a missing or broken one fails init.
   */
  static MethodSpec constructor(List<String> guards) {
    return constructor(guards, List.of());
  }

  /** As {@link #constructor(List)}, with {@code initStatements} after the bean's. */
  static MethodSpec constructor(List<String> guards, List<CodeBlock> initStatements) {
    MethodSpec.Builder constructor =
        MethodSpec.constructorBuilder()
            .addJavadoc(
                guards.isEmpty()
                    ? "Called once by the Lambda runtime during init; waits for the bean.\n"
                    : "Called once by the Lambda runtime during init; waits for the bean and the idempotency store.\n")
            .addModifiers(Modifier.PUBLIC)
            .addStatement("this.$N = $N.get()", TARGET, BEAN);
    initStatements.forEach(constructor::addStatement);
    guards.forEach(guard -> constructor.addStatement("$N.resolveStore()", guard));
    return constructor.build();
  }

  /** A static reader or writer field for {@code type}. */
  static FieldSpec jsonField(String name, boolean reader, TypeMirror type, Types types) {
    return FieldSpec.builder(
            reader ? OBJECT_READER : OBJECT_WRITER, name, Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
        .initializer("$T.$L($L)", JSON, reader ? "reader" : "writer", typeLiteral(type, types))
        .build();
  }

  /** {@code Order.class}, or a {@code TypeReference} for a parameterized type. */
  static CodeBlock typeLiteral(TypeMirror type, Types types) {
    if (type.getKind() == TypeKind.DECLARED && !((DeclaredType) type).getTypeArguments().isEmpty()) {
      TypeName generic = TypeName.get(type);
      return CodeBlock.of(
          "new $T<$T>() {}.getType()", TYPE_REFERENCE, generic);
    }
    return CodeBlock.of("$T.class", TypeName.get(types.erasure(type)));
  }

  /** Parameter list of {@code RequestStreamHandler.handleRequest}. */
  static MethodSpec.Builder handleRequest() {
    return MethodSpec.methodBuilder("handleRequest")
        .addAnnotation(Override.class)
        .addModifiers(Modifier.PUBLIC)
        .addParameter(INPUT_STREAM, "input")
        .addParameter(OUTPUT_STREAM, "output")
        .addParameter(CONTEXT, "context")
        .addException(IO_EXCEPTION);
  }

  /**
   * A local variable name for the user's parameter {@code name} that hides nothing the generated
   * method already uses ({@code input}, {@code request}, the {@code target} field, ...).
   */
  static String localName(String name, Set<String> taken) {
    String candidate = name;
    while (!taken.add(candidate)) {
      candidate = candidate + "Param";
    }
    return candidate;
  }

  /** {@code ORDER_ID}-style constant name for a method name. */
  static String constantName(String camel, String suffix) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < camel.length(); i++) {
      char c = camel.charAt(i);
      if (Character.isUpperCase(c) && i > 0) {
        out.append('_');
      }
      out.append(Character.toUpperCase(c));
    }
    return out.append('_').append(suffix).toString();
  }
}
