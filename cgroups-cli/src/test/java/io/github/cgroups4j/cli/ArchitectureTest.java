package io.github.cgroups4j.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layering the README describes, held by tests (ArchUnit over the product classes of every module on this
 * module's class path: core, fs, testkit and the CLI).
 */
class ArchitectureTest {
    private static final String[] CORE = {"io.github.cgroups4j", "io.github.cgroups4j.kernel",
        "io.github.cgroups4j.parse", "io.github.cgroups4j.spi", "io.github.cgroups4j.stats"};
    private static JavaClasses product;

    @BeforeAll
    static void importTheProduct() {
        // the product's classes, from this module's target/classes and the other modules' jars (not their tests)
        product = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> !location.contains("-tests.jar"))
                .importPackages("io.github.cgroups4j");
    }

    @Test
    void theRulesSeeEveryModulesProductClassesAndNoTests() {
        for (String c : new String[] {"io.github.cgroups4j.Resources", "io.github.cgroups4j.fs.v1.FsManager",
            "io.github.cgroups4j.fs.v2.Fs2Manager", "io.github.cgroups4j.testkit.FakeCgroupFs",
            "io.github.cgroups4j.cli.Cgctl", "io.github.cgroups4j.systemd.SystemdManager"}) {
            org.junit.jupiter.api.Assertions.assertTrue(product.contain(c), c);
        }
        org.junit.jupiter.api.Assertions.assertFalse(product.contain("io.github.cgroups4j.fs.RealCgroups"), "a test");
    }

    @Test
    void coreDependsOnNoOtherModuleAndNoNativeCode() {
        noClasses().that().resideInAnyPackage(CORE)
                .should().dependOnClassesThat().resideInAnyPackage("io.github.cgroups4j.fs..",
                        "io.github.cgroups4j.testkit..", "io.github.cgroups4j.cli..", "io.github.cgroups4j.systemd..",
                        "com.sun.jna..", "jnr..")
                .because("cgroups-core is the model, the API and pure code: no module, no native access")
                .check(product);
    }

    @Test
    void controllersReachTheFileSystemOnlyThroughTheCgroupFsSeam() {
        noClasses().that().resideInAnyPackage("io.github.cgroups4j.fs.v1..", "io.github.cgroups4j.fs.v2..",
                "io.github.cgroups4j.fs.devices..")
                .should().dependOnClassesThat().resideInAnyPackage("java.nio.file..", "java.nio.channels..",
                        "com.sun.jna..", "jnr..", "io.github.cgroups4j.fs.internal..")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.io.File")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.io.FileInputStream")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.io.FileOutputStream")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.io.RandomAccessFile")
                .because("every byte reaches a cgroup through CgroupFs (the real one or the fake)")
                .check(product);
    }

    @Test
    void onlyTheNativeBoundaryTouchesJna() {
        noClasses().that().resideOutsideOfPackage("io.github.cgroups4j.fs.internal.nativeio..")
                .should().dependOnClassesThat().resideInAnyPackage("com.sun.jna..", "jnr..", "java.lang.foreign..")
                .because("native access goes through one boundary, the CLI's included")
                .check(product);
    }

    @Test
    void theTestkitDoesNotDependOnTheRealFileSystem() {
        noClasses().that().resideInAPackage("io.github.cgroups4j.testkit..")
                .should().dependOnClassesThat().resideInAPackage("io.github.cgroups4j.fs..")
                .because("the fake is a kernel of its own, usable without cgroups-fs")
                .check(product);
    }

    @Test
    void dbusTypesStayInsideTheSystemdModule() {
        noClasses().that().resideOutsideOfPackage("io.github.cgroups4j.systemd..")
                .and().resideOutsideOfPackage("org.freedesktop..")
                .should().dependOnClassesThat().resideInAnyPackage("org.freedesktop..")
                .because("the public API is CgroupManager and Resources; D-Bus is the systemd driver's business")
                .check(product);
        // and the driver's public API names no D-Bus type, nor one of its internal package
        java.util.List<String> leaks = new java.util.ArrayList<>();
        for (com.tngtech.archunit.core.domain.JavaClass c : product) {
            if (!c.getPackageName().equals("io.github.cgroups4j.systemd")
                    || !c.getModifiers().contains(com.tngtech.archunit.core.domain.JavaModifier.PUBLIC)) {
                continue;
            }
            for (com.tngtech.archunit.core.domain.JavaCodeUnit m : c.getCodeUnits()) {
                if (!m.getModifiers().contains(com.tngtech.archunit.core.domain.JavaModifier.PUBLIC)) {
                    continue;
                }
                java.util.List<com.tngtech.archunit.core.domain.JavaClass> types = new java.util.ArrayList<>(
                        m.getRawParameterTypes());
                types.add(m.getRawReturnType());
                for (com.tngtech.archunit.core.domain.JavaClass t : types) {
                    if (t.getPackageName().startsWith("org.freedesktop")
                            || t.getPackageName().startsWith("io.github.cgroups4j.systemd.internal")) {
                        leaks.add(m.getFullName() + " uses " + t.getName());
                    }
                }
            }
        }
        org.junit.jupiter.api.Assertions.assertEquals(java.util.List.of(), leaks);
    }

    @Test
    void nothingDependsOnTheCli() {
        noClasses().that().resideOutsideOfPackage("io.github.cgroups4j.cli..")
                .should().dependOnClassesThat().resideInAPackage("io.github.cgroups4j.cli..")
                .check(product);
    }
}
