package io.sessions4j.internal.hostile;

/**
 * Stands for a deserialization gadget: a class whose initialization or construction does something. It is
 * outside every allowlist of the tests, and no test refers to it except by name.
 */
public class HostileGadget {
    static {
        GadgetProbe.initialized = true;
    }

    public String command;

    public HostileGadget() {
        GadgetProbe.constructed = true;
    }
}
