import Alert from '@material-ui/lab/Alert';

/**
 * What a form's submit came to, above its fields: the form-level error (announced as an
 * alert) or the success message (a status), for the forms and dialogs of the plugin.
 */
export const FormOutcome = ({ error, success }: { error?: string; success?: string }) => (
  <>
    {error && (
      <Alert severity="error" role="alert" style={{ marginBottom: 16 }}>
        {error}
      </Alert>
    )}
    {success && (
      <Alert severity="success" role="status" style={{ marginBottom: 16 }}>
        {success}
      </Alert>
    )}
  </>
);
