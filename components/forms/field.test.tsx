/** The field's wiring a screen reader depends on, rendered to HTML without a browser. */
import { renderToStaticMarkup } from "react-dom/server";
import { Field, FormMessage, InlineStatus, TextField } from "./field";

describe("Field", () => {
  it("ties the label, hint and error to the control, and marks it invalid only while the error shows", () => {
    const html = renderToStaticMarkup(
      <Field id="quiz-count" label="Number of questions" hint="1 to 30." error="Ask for at least 1 question.">
        {(control) => <input {...control} name="count" />}
      </Field>,
    );
    expect(html).toContain('<label for="quiz-count">Number of questions</label>');
    expect(html).toContain('<input id="quiz-count" aria-invalid="true" aria-describedby="quiz-count-hint quiz-count-error" name="count"/>');
    expect(html).toContain('<span id="quiz-count-hint" class="hint">1 to 30.</span>');
    expect(html).toContain('<span id="quiz-count-error" class="error" role="alert">Ask for at least 1 question.</span>');

    const valid = renderToStaticMarkup(<TextField name="email" label="Email" hint="Your work address." />);
    expect(valid).not.toContain("aria-invalid");
    expect(valid).toContain('aria-describedby="email-hint"');
    expect(valid).not.toContain('role="alert"');
  });

  it("renders without its wrapper for a field in a row of its own layout", () => {
    const html = renderToStaticMarkup(
      <Field id="r" label="Role of Ada" labelClassName="visually-hidden" className={null}>
        {(control) => <select {...control} name="role" />}
      </Field>,
    );
    expect(html).toBe('<label for="r" class="visually-hidden">Role of Ada</label><select id="r" name="role"></select>');
  });
});

describe("the form's messages", () => {
  it("shows the form's error as an alert, else its confirmation as a status", () => {
    expect(renderToStaticMarkup(<FormMessage state={{ errors: { form: "Sign in again." }, success: "ignored" }} errorId="f-error" />)).toBe(
      '<p id="f-error" class="form-error" role="alert">Sign in again.</p>',
    );
    expect(renderToStaticMarkup(<FormMessage state={{ success: "Comment posted." }} />)).toBe('<p class="notice" role="status">Comment posted.</p>');
    expect(renderToStaticMarkup(<FormMessage state={{ success: "Saved." }} success={false} />)).toBe("");
  });

  it("keeps an inline status in the page while empty, so what appears in it is announced", () => {
    expect(renderToStaticMarkup(<InlineStatus className="saved-note" />)).toBe('<span class="saved-note" role="status"></span>');
    expect(renderToStaticMarkup(<InlineStatus className="m" error="Only admins can change roles." message="x" successClassName="ok" />)).toBe(
      '<span class="m" role="status"><span class="error">Only admins can change roles.</span></span>',
    );
    expect(renderToStaticMarkup(<InlineStatus className="m" message="Ada is now a mentor." successClassName="ok" />)).toBe(
      '<span class="m" role="status"><span class="ok">Ada is now a mentor.</span></span>',
    );
  });
});
