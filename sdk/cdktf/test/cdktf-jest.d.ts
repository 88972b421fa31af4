// The types of the matchers `Testing.setupJest()` adds to jest's expect (toHaveResourceWithProperties, …).
import 'cdktf/lib/testing/adapters/jest';
