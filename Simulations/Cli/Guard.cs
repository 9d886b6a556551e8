using ActionPerception.IO;

namespace ActionPerception.Simulations.Cli;

/// <summary>Runs a command body and turns the user's mistakes into one clear line and an exit code, never a stack trace.</summary>
public static class Guard
{
    public static int Run(Func<int> body)
    {
        try
        {
            int code = body();
            // A command that stopped cleanly on a signal (or finished while one came) says so in its exit code.
            return code == ExitCodes.Ok && StopSignals.Received is int signal ? signal : code;
        }
        catch (ActionPerception.Agents.Helmholtz.DivergedException e)
        {
            return Fail(e.Message, ExitCodes.Diverged);
        }
        catch (ActionPerception.Environment.Sessions.SessionDivergedException e)
        {
            return Fail(OneLine(e), ExitCodes.Diverged);
        }
        catch (ActionPerception.Environment.Sessions.SessionFailedException e) when (e.InnerException is IOException or UnauthorizedAccessException)
        {
            // A run of a sweep that could not write (a full disk): its log and checkpoint are as complete as the disk allowed.
            return Fail(OsError.Explain(e.InnerException, "the runs"), ExitCodes.OutputRefused);
        }
        catch (ActionPerception.Environment.Sessions.SessionFailedException e) when (e.InnerException is ActionPerception.Audio.AudioOutputException)
        {
            return Fail(OneLine(e), ExitCodes.AudioFailed);
        }
        catch (InputFileException e)
        {
            return Fail(e.Message, ExitCodes.BadInput);
        }
        catch (ActionPerception.Environment.Scenarios.ScenarioException e)
        {
            return Fail(e.Message, ExitCodes.BadInput);
        }
        catch (ActionPerception.Audio.KitLoadException e)
        {
            return Fail(e.Message, ExitCodes.BadInput);
        }
        catch (ActionPerception.Simulations.Runs.AudioFailure e)
        {
            return Fail(e.Message, ExitCodes.AudioFailed);
        }
        catch (ActionPerception.Audio.AudioOutputException e) when (e.InnerException is IOException or UnauthorizedAccessException)
        {
            // A WAV file that exists or cannot be created: an output that cannot be written, as README.md says.
            return Fail(e.Message, ExitCodes.OutputRefused);
        }
        catch (ActionPerception.Audio.AudioOutputException e)
        {
            return Fail(e.Message, ExitCodes.AudioFailed);
        }
        catch (UsageException e)
        {
            return Fail(e.Message, ExitCodes.BadInput);
        }
        catch (ArgumentException e)
        {
            return Fail(OsError.Explain(e), ExitCodes.BadInput);
        }
        catch (IOException e)
        {
            return Fail(OsError.Explain(e), ExitCodes.OutputRefused);
        }
        catch (UnauthorizedAccessException e)
        {
            return Fail(OsError.Explain(e), ExitCodes.OutputRefused);
        }
        catch (OperationCanceledException)
        {
            int code = StopSignals.Received ?? ExitCodes.Interrupted;
            return Fail($"{StopSignals.Describe(code)}; what was written so far is complete and readable.", code);
        }
        finally
        {
            RunFolder.ReleaseAll();
        }
    }

    private static string OneLine(Exception e) => string.Join(' ', e.Message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    public static int Fail(string message, int code)
    {
        Console.Error.WriteLine($"ap: error: {message}");
        return code;
    }
}

/// <summary>A bad option value or combination, reported as a one-line message naming the option and the fix.</summary>
public sealed class UsageException(string message) : Exception(message);
