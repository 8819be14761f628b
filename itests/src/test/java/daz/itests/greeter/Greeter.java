package daz.itests.greeter;

import org.osgi.service.component.annotations.Component;

/** Test-only DS component packed into bundles that the shell test installs and updates. */
@Component(service = Greeter.class, property = "daz.itest=greeter")
public class Greeter {

    public String greet(String name) {
        return "hello " + name;
    }
}
