import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Checks, after a build, that every module Maven Central would receive is complete, and that nothing else
 * would be published. Run from the repository root after `./mvnw verify` (or `-Prelease ... verify`):
 *
 *   java .ci/CheckArtifacts.java            jar, sources, javadoc and pom of every library module
 *   java .ci/CheckArtifacts.java --signed   also a .asc signature next to each (a signed release build)
 *
 * A library module is a module of the root pom that does not set maven.deploy.skip; the others must be in
 * the release profile's excludeArtifacts. The BOM must list exactly the library jar modules. Prints one line
 * per module and a closing count; exits 1 on any failure.
 */
public class CheckArtifacts {
    private final List<String> failures = new ArrayList<>();
    private final boolean signed;

    private CheckArtifacts(boolean signed) {
        this.signed = signed;
    }

    public static void main(String[] args) throws Exception {
        CheckArtifacts check = new CheckArtifacts(List.of(args).contains("--signed"));
        int modules = check.run(Path.of("."));
        int failed = (int) check.failures.stream().map(f -> f.substring(0, f.indexOf(':'))).distinct().count();
        check.failures.forEach(f -> System.out.println("FAIL " + f));
        System.out.println("artifacts of " + modules + " published modules: " + (modules - failed) + " complete, "
                + failed + " incomplete");
        System.exit(check.failures.isEmpty() ? 0 : 1);
    }

    private int run(Path root) throws Exception {
        Document parent = parse(root.resolve("pom.xml"));
        String version = text(parent.getDocumentElement(), "version");
        requireCentralMetadata("sessions4j-parent", parent.getDocumentElement());
        requireSignature("sessions4j-parent", root.resolve("target"), "sessions4j-parent-" + version + ".pom");

        Set<String> jarLibraries = new TreeSet<>();
        Set<String> unpublished = new TreeSet<>();
        Element bom = null;
        List<String> modules = children(child(parent.getDocumentElement(), "modules"), "module");
        for (String dir : modules) {
            Element pom = parse(root.resolve(dir).resolve("pom.xml")).getDocumentElement();
            String artifactId = text(pom, "artifactId");
            String packaging = text(pom, "packaging").isEmpty() ? "jar" : text(pom, "packaging");
            Element properties = child(pom, "properties");
            if ("true".equals(properties == null ? "" : text(properties, "maven.deploy.skip"))) {
                unpublished.add(artifactId);
                System.out.println("not published: " + artifactId);
                continue;
            }
            if (text(pom, "name").isEmpty() || text(pom, "description").isEmpty()) {
                fail(artifactId, "pom.xml needs its own <name> and <description>");
            }
            if (packaging.equals("pom")) {
                bom = pom;
                requireCentralMetadata(artifactId, pom);
                requireSignature(artifactId, root.resolve(dir).resolve("target"), artifactId + "-" + version + ".pom");
                System.out.println("pom:           " + artifactId);
                continue;
            }
            jarLibraries.add(artifactId);
            // A starter brings dependencies and holds no code: its javadoc and sources jars are a placeholder page.
            boolean dependencyOnly = "true".equals(properties == null ? "" : text(properties, "sessions4j.dependencyOnly"));
            checkJarModule(artifactId, root.resolve(dir).resolve("target"), version, dependencyOnly);
        }

        Set<String> excluded = new TreeSet<>(releaseExcludes(parent.getDocumentElement()));
        if (!excluded.equals(unpublished)) {
            fail("sessions4j-parent", "the release profile's excludeArtifacts " + excluded
                    + " must be exactly the modules with maven.deploy.skip " + unpublished);
        }
        if (bom == null) {
            fail("sessions4j-bom", "no BOM module (packaging pom) among " + modules);
        } else {
            Set<String> listed = new TreeSet<>();
            for (Element dependency : elements(child(child(bom, "dependencyManagement"), "dependencies"),
                    "dependency")) {
                listed.add(text(dependency, "artifactId"));
            }
            if (!listed.equals(jarLibraries)) {
                fail(text(bom, "artifactId"), "lists " + listed + " but the library modules are " + jarLibraries);
            }
        }
        return modules.size() + 1 - unpublished.size();
    }

    private void checkJarModule(String artifactId, Path target, String version, boolean dependencyOnly)
            throws IOException {
        String base = artifactId + "-" + version;
        Path jar = target.resolve(base + ".jar");
        Path sources = target.resolve(base + "-sources.jar");
        Path javadoc = target.resolve(base + "-javadoc.jar");
        for (Path file : List.of(jar, sources, javadoc)) {
            if (!Files.isRegularFile(file)) {
                fail(artifactId, "missing " + file);
                return;
            }
            requireSignature(artifactId, target, file.getFileName().toString());
        }
        requireSignature(artifactId, target, base + ".pom");
        try (JarFile j = new JarFile(jar.toFile())) {
            boolean named = j.getEntry("module-info.class") != null
                    || j.getManifest() != null
                    && j.getManifest().getMainAttributes().getValue("Automatic-Module-Name") != null;
            if (!named) {
                fail(artifactId, "the jar has neither module-info.class nor an Automatic-Module-Name");
            }
            if (j.getEntry("META-INF/LICENSE") == null) {
                fail(artifactId, "the jar has no META-INF/LICENSE");
            }
            if (!dependencyOnly
                    && j.stream().noneMatch(e -> e.getName().endsWith(".class") && !e.getName().contains("module-info"))) {
                fail(artifactId, "the jar holds no classes");
            }
        }
        try (JarFile j = new JarFile(sources.toFile())) {
            if (!dependencyOnly && j.stream().noneMatch(e -> e.getName().endsWith(".java"))) {
                fail(artifactId, "the sources jar holds no .java files");
            }
        }
        try (JarFile j = new JarFile(javadoc.toFile())) {
            if (j.getEntry("index.html") == null) {
                fail(artifactId, "the javadoc jar has no index.html");
            }
            List<String> internal = j.stream().map(ZipEntry::getName).filter(n -> n.contains("/internal/")).toList();
            if (!internal.isEmpty()) {
                fail(artifactId, "the javadoc jar documents internal packages, e.g. " + internal.get(0));
            }
        }
        System.out.println("library:       " + artifactId + " (jar, sources, javadoc, pom"
                + (signed ? ", signatures)" : ")"));
    }

    private void requireCentralMetadata(String artifactId, Element pom) {
        for (String element : List.of("name", "description", "url")) {
            if (text(pom, element).isEmpty()) {
                fail(artifactId, "no <" + element + ">");
            }
        }
        for (String element : List.of("licenses", "developers", "scm")) {
            if (child(pom, element) == null) {
                fail(artifactId, "no <" + element + ">");
            }
        }
    }

    /** In a signed build, maven-gpg-plugin leaves {@code <file>.asc} in target/ or target/gpg/. */
    private void requireSignature(String artifactId, Path target, String file) {
        if (signed && !Files.isRegularFile(target.resolve(file + ".asc"))
                && !Files.isRegularFile(target.resolve("gpg").resolve(file + ".asc"))) {
            fail(artifactId, "no signature " + file + ".asc in " + target);
        }
    }

    private static List<String> releaseExcludes(Element project) {
        List<String> excludes = new ArrayList<>();
        for (Element profile : elements(child(project, "profiles"), "profile")) {
            if (!"release".equals(text(profile, "id"))) {
                continue;
            }
            for (Element plugin : elements(child(child(profile, "build"), "plugins"), "plugin")) {
                Element configuration = child(plugin, "configuration");
                if ("central-publishing-maven-plugin".equals(text(plugin, "artifactId")) && configuration != null) {
                    excludes.addAll(children(child(configuration, "excludeArtifacts"), "excludeArtifact"));
                }
            }
        }
        return excludes;
    }

    private void fail(String artifactId, String why) {
        failures.add(artifactId + ": " + why);
    }

    private static Document parse(Path pom) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(new File(pom.toString()));
    }

    /** The direct child element of this name, or null. */
    private static Element child(Element parent, String name) {
        if (parent == null) {
            return null;
        }
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                return e;
            }
        }
        return null;
    }

    private static List<Element> elements(Element parent, String name) {
        List<Element> found = new ArrayList<>();
        if (parent != null) {
            NodeList nodes = parent.getChildNodes();
            for (int i = 0; i < nodes.getLength(); i++) {
                if (nodes.item(i) instanceof Element e && e.getTagName().equals(name)) {
                    found.add(e);
                }
            }
        }
        return found;
    }

    private static List<String> children(Element parent, String name) {
        Set<String> values = new LinkedHashSet<>();
        elements(parent, name).forEach(e -> values.add(e.getTextContent().trim()));
        return new ArrayList<>(values);
    }

    private static String text(Element parent, String name) {
        Element e = child(parent, name);
        return e == null ? "" : e.getTextContent().trim();
    }
}
